import { expect } from 'chai';
import request from 'supertest';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { buildAdmin, buildApiToken, buildProduct } from '../../support/factories.js';
import { loginAs, type Agent } from '../../support/login.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';
import { encodeForm, formFields, groupOfPanels, setField, settingsFormHtml } from './product-panel-helpers.js';

const XSS = '<script>alert("pwned")</script>';

describe('puqvpncp product settings panel', () => {
  let t: TestApp;
  let admin: Agent;
  const frankfurt = new FakePanel({
    slots: { used: 3, total: 50 },
    networks: [
      { name: 'fra-1', description: 'Frankfurt main', wireguard: true, amneziawg: true },
      { name: 'fra-2', description: `Evil ${XSS}`, openvpn: true },
    ],
  });
  const warsaw = new FakePanel({ slots: { used: 1853, total: 5050 }, networks: [{ name: 'waw-1', description: 'Warsaw', wireguard: true, ikev2: true }] });
  const down = new FakePanel();
  const slow = new FakePanel();
  const malformed = new FakePanel();
  const alsoDown = new FakePanel();
  const panels = [frankfurt, warsaw, down, slow, malformed, alsoDown];

  /** group name → its products' ids and server ids */
  let ids: Record<string, { product: number; servers: number[] }>;

  const page = async (productId: number) => {
    const res = await admin.get(`/admin/products/${productId}`);
    expect(res.status).to.equal(200);
    return res.text;
  };
  const saveForm = (productId: number, fields: [string, string][]) =>
    admin.post(`/admin/plugins/puqvpncp/products/${productId}/settings`).type('form').send(encodeForm(fields));
  const configOf = async (productId: number) => (await t.c.repos.products.findById(productId))!.config as { networks: unknown[]; [k: string]: unknown };

  before(async () => {
    await Promise.all(panels.map((p) => p.start()));
    await down.down();
    await alsoDown.down();
    slow.slow('*', 5000);
    malformed.malformed('*');
    t = await buildTestApp();
    ({ agent: admin } = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin'));
    ids = {};
    const groups = {
      reachable: [{ name: 'Frankfurt', panel: frankfurt }, { name: 'Warsaw', panel: warsaw }],
      mixed: [{ name: 'Frankfurt 2', panel: frankfurt }, { name: 'Down', panel: down }, { name: 'Slow', panel: slow }, { name: 'Broken', panel: malformed }],
      dead: [{ name: 'Dead-1', panel: down }, { name: 'Dead-2', panel: alsoDown }],
    };
    for (const [name, list] of Object.entries(groups)) {
      const { group, servers } = await groupOfPanels(t.c, `grp-${name}`, list);
      const product = await buildProduct(t.c, group.id);
      ids[name] = { product: product.id, servers: servers.map((s) => s.id) };
    }
  });
  after(async () => {
    await t.close();
    await Promise.all(panels.map((p) => p.stop()));
  });

  describe('VPN networks', () => {
    it('draws every reachable server with its slots, networks and protocol badges when the whole group answers', async () => {
      const html = await page(ids.reachable.product);
      const [fra, waw] = ids.reachable.servers;
      expect(html).to.contain('PUQ VPNcp settings');
      expect(html).to.contain('Loaded 3 network(s) from 2 server(s) in group &#34;grp-reachable&#34;');
      expect(html).to.contain('licence slots used / total: 3 / 50');
      expect(html).to.contain('licence slots used / total: 1853 / 5050');
      expect(html).to.contain(`name="pair" value="${fra}:fra-1"`);
      expect(html).to.contain(`name="pair" value="${fra}:fra-2"`);
      expect(html).to.contain(`name="pair" value="${waw}:waw-1"`);
      expect(html).to.contain('<strong>fra-1</strong> — Frankfurt main');
      expect(html).to.contain('<span class="badge badge-wireguard">WireGuard</span>');
      expect(html).to.match(/<s class="badge badge-openvpn off"[^>]*>OpenVPN<\/s>/);
      expect(html).to.contain('No network is ticked');
    });

    it('keeps unreachable, slow and malformed servers visible with their exact errors while the others load', async () => {
      const started = Date.now();
      const html = await page(ids.mixed.product);
      // the slow panel answers after 5 s; the page waits for it at most its own timeout (generous bound)
      expect(Date.now() - started).to.be.below(3000);
      expect(html).to.contain('Loaded 2 network(s) from 1 server(s) in group &#34;grp-mixed&#34;');
      expect(html).to.contain('3 of 4 server(s) could not be reached');
      expect(html).to.match(/<strong>Down<\/strong>[\s\S]*?Panel &#34;Down&#34; at 127\.0\.0\.1:\d+ \(GET \/(system\/status|network)\) is unreachable: the connection was refused \(ECONNREFUSED\)/);
      expect(html).to.match(/<strong>Slow<\/strong>[\s\S]*?Panel &#34;Slow&#34; at 127\.0\.0\.1:\d+ \(GET \/(system\/status|network)\) is unreachable: no answer within [\d.]+ m?s/);
      expect(html).to.match(/<strong>Broken<\/strong>[\s\S]*?sent something that is not a puqVPNcp panel answer \(HTTP 200\)/);
    });

    it('answers the page in about one timeout when a server never answers', async () => {
      const hung = new FakePanel();
      await hung.start();
      hung.hang('*');
      try {
        const { group } = await groupOfPanels(t.c, 'grp-hung', [{ name: 'Warsaw 2', panel: warsaw }, { name: 'Hung', panel: hung }]);
        const product = await buildProduct(t.c, group.id);
        const started = Date.now();
        const html = await page(product.id);
        expect(Date.now() - started).to.be.below(3000);
        expect(html).to.match(/no answer within [\d.]+ m?s/);
        expect(html).to.contain('Loaded 1 network(s) from 1 server(s)');
      } finally {
        await hung.stop();
      }
    });

    it('shows a red banner and keeps saved ticks through hidden inputs when the whole group is unreachable', async () => {
      const [a, b] = ids.dead.servers;
      const networks = [{ server_id: b, network: 'zz-9' }, { server_id: a, network: 'aa-1' }];
      await t.c.repos.products.saveConfig(ids.dead.product, { ...(await configOf(ids.dead.product)), networks });
      const html = await page(ids.dead.product);
      expect(html).to.contain('class="notice notice-error vpn-banner" role="alert">No server of group &#34;grp-dead&#34; could be reached');
      expect(html).to.contain(`<input type="hidden" name="pair" value="${b}:zz-9">`);
      expect(html).to.contain(`<input type="hidden" name="pair" value="${a}:aa-1">`);
      const res = await saveForm(ids.dead.product, formFields(html));
      expect(res.status).to.equal(302);
      expect((await configOf(ids.dead.product)).networks).to.deep.equal(networks);
    });

    it('saves ticked pairs in the submitted order and shows them in that order with the placement preview', async () => {
      const [fra, waw] = ids.reachable.servers;
      let fields = formFields(await page(ids.reachable.product));
      fields = [...fields, ['pair', `${fra}:fra-1`], ['pair', `${waw}:waw-1`], ['order', `${waw}:waw-1`], ['order', `${fra}:fra-1`]];
      const res = await saveForm(ids.reachable.product, fields);
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal(`/admin/products/${ids.reachable.product}#puqvpncp-settings`);
      expect((await configOf(ids.reachable.product)).networks).to.deep.equal([{ server_id: waw, network: 'waw-1' }, { server_id: fra, network: 'fra-1' }]);
      const html = await page(ids.reachable.product);
      expect(html).to.contain('PUQ VPNcp settings saved.');
      const order = formFields(html).filter(([name]) => name === 'order').map(([, value]) => value);
      expect(order).to.deep.equal([`${waw}:waw-1`, `${fra}:fra-1`]);
      expect(html).to.contain('The next service would be created on Warsaw / waw-1.');
      // a re-save of the page as it stands changes nothing
      await saveForm(ids.reachable.product, formFields(html));
      expect((await configOf(ids.reachable.product)).networks).to.deep.equal([{ server_id: waw, network: 'waw-1' }, { server_id: fra, network: 'fra-1' }]);
    });

    it('says a server that is still starting is not deployable, in its branch and in the placement preview', async () => {
      warsaw.starting('Loading (1/5)');
      try {
        const html = await page(ids.reachable.product);
        expect(html).to.match(/class="notice notice-warn vpn-server-not-ready"[^>]*>Not deployable yet: the panel is still starting \(&#34;Loading \(1\/5\)&#34;\)/);
        // its networks are still listed (and ticks kept), but the next client goes elsewhere
        expect(html).to.contain('waw-1');
        expect(html).to.contain('The next service would be created on Frankfurt / fra-1.');
      } finally {
        warsaw.reset();
      }
    });

    it('reads a v1-shaped panel into the same tree', async () => {
      warsaw.setVariant('v1');
      try {
        const html = await page(ids.reachable.product);
        expect(html).to.contain('licence slots used / total: 1853 / 5050');
        expect(html).to.contain('waw-1');
        expect(html).to.contain('The next service would be created on Warsaw / waw-1.');
      } finally {
        warsaw.setVariant('adopted');
      }
    });

    it('previews the next pair that can take a client when the first one is full', async () => {
      warsaw.fillNetwork('waw-1');
      try {
        expect(await page(ids.reachable.product)).to.contain('The next service would be created on Frankfurt / fra-1.');
      } finally {
        warsaw.reset();
      }
    });
  });

  describe('bad input', () => {
    it('re-renders the form with 422, every bad value kept and a message beside it, and saves nothing', async () => {
      const before = await configOf(ids.reachable.product);
      let fields = formFields(await page(ids.reachable.product));
      const bad: Record<string, string> = {
        'bandwidth.download_mbps': 'fast', 'bandwidth.upload_mbps': '20000', client_name_rule: 'vpn-{nope}',
        instruction_url: 'javascript:alert(1)', 'metrics.download.price_per_gb': '0.12345', 'metrics.upload.included_gb': '-1',
      };
      for (const [name, value] of Object.entries(bad)) fields = setField(fields, name, value);
      fields = setField(fields, 'welcome_email', 'on');
      const res = await saveForm(ids.reachable.product, fields);
      expect(res.status).to.equal(422);
      const form = settingsFormHtml(res.text);
      for (const [name, value] of Object.entries(bad)) {
        expect(form, name).to.contain(`name="${name}" type="text" value="${value.replace(/"/g, '&#34;')}"`);
        expect(form, `message beside ${name}`).to.match(new RegExp(`data-error-for="${name.replace(/\./g, '\\.')}">[^<]+<`));
      }
      expect(form).to.contain('must be between 0 and 10000 Mbit/s');
      expect(form).to.contain('has an unknown macro {nope}');
      expect(form).to.contain('must be empty or an http:// or https:// address');
      expect(form).to.match(/id="vpn-welcome_email" name="welcome_email" checked/);
      expect(res.text).to.contain('Nothing was saved.');
      expect(await configOf(ids.reachable.product)).to.deep.equal(before);
    });

    it('answers the API with 422 naming each bad field and saves nothing', async () => {
      const token = await buildApiToken(t.c);
      const before = await configOf(ids.reachable.product);
      const res = await request(t.app).put(`/api/admin/products/${ids.reachable.product}/config`).set('Authorization', `Bearer ${token}`)
        .send({ ...before, bandwidth: { download_mbps: -1, upload_mbps: 5 }, client_name_rule: 'a b', metrics: { download: { enabled: true, price_per_gb: '1e3', included_gb: 0 }, upload: { enabled: false, price_per_gb: '0', included_gb: 1.5 } } });
      expect(res.status).to.equal(422);
      expect(res.body.fields).to.have.all.keys('bandwidth.download_mbps', 'client_name_rule', 'metrics.download.price_per_gb', 'metrics.upload.included_gb');
      expect(await configOf(ids.reachable.product)).to.deep.equal(before);
    });

    it('shows an injected script in a network description and a product name as text', async () => {
      const { group } = await groupOfPanels(t.c, 'grp-xss', [{ name: `Srv ${XSS}`, panel: frankfurt }]);
      const product = await buildProduct(t.c, group.id);
      await t.c.repos.products.update(product.id, { name: `VPN ${XSS}`, serverGroupId: group.id });
      const html = await page(product.id);
      expect(html).to.not.contain(XSS);
      expect(html).to.contain('Evil &lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;');
      expect(html).to.contain('VPN &lt;script&gt;');
      expect(html).to.contain('Srv &lt;script&gt;');
      // the 422 page names the product too
      const res = await saveForm(product.id, setField(formFields(html), 'bandwidth.upload_mbps', 'x'));
      expect(res.status).to.equal(422);
      expect(res.text).to.not.contain(XSS);
      expect(res.text).to.contain('<h1>VPN &lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;</h1>');
    });

    it('answers 404 for a product that does not exist', async () => {
      const html = await page(ids.reachable.product);
      const res = await saveForm(999999, formFields(html));
      expect(res.status).to.equal(404);
    });
  });

  describe('client name preview', () => {
    it('shows the sample name of the saved rule on the page', async () => {
      expect(await page(ids.mixed.product)).to.contain('Sample: vpn-1-5547-ifxt');
    });

    it('answers the preview endpoint with a sample name or the reason the rule is refused', async () => {
      const ok = await admin.get('/admin/plugins/puqvpncp/client-name-preview.json').query({ rule: 'eu_{service_id}_{random_digit_3}' });
      expect(ok.status).to.equal(200);
      expect(ok.body).to.deep.equal({ ok: true, name: 'eu_5547_481' });
      const bad = await admin.get('/admin/plugins/puqvpncp/client-name-preview.json').query({ rule: 'vpn-{random_letter_33}' });
      expect(bad.body).to.deep.equal({ ok: false, error: '{random_letter_33}: N must be between 1 and 32' });
    });
  });
});
