import { expect } from 'chai';
import { BASE, NOW, useClientAreaWorld } from './client-area-helpers.js';

describe('client area pages', () => {
  const w = useClientAreaWorld();
  const page = (id: number) => w.customer.agent.get(`/services/${id}`);

  describe('dashboard', () => {
    it('lists each service with product, status, VPN IP and the month\'s recorded traffic when usage was stored', async () => {
      const productId = await w.product();
      const s = await w.active({ productId });
      const product = await w.t.c.repos.products.findById(productId);
      await w.t.c.db('usage_daily').insert([
        { service_id: s.id, day: '2026-11-02', download_bytes: 1_500_000_000, upload_bytes: 250_000_000, collected_at: NOW.toISOString() },
        { service_id: s.id, day: '2026-11-03', download_bytes: 1_000_000_000, upload_bytes: 0, collected_at: NOW.toISOString() },
        { service_id: s.id, day: '2026-10-31', download_bytes: 9_000_000_000, upload_bytes: 9_000_000_000, collected_at: NOW.toISOString() },
      ]);
      const res = await w.customer.agent.get('/');
      expect(res.status).to.equal(200);
      const card = res.text.slice(res.text.indexOf(`href="/services/${s.id}"`));
      expect(card).to.contain(product!.name);
      expect(card).to.contain('pill-active');
      expect(card).to.contain(s.ipv4);
      expect(card).to.match(/This month <span[^>]*>↓<\/span> 2\.50 GB <span[^>]*>↑<\/span> 0\.25 GB/);
      expect(w.panel.requests).to.have.length(0);
    });

    it('omits another customer\'s services when listing', async () => {
      const mine = await w.active();
      const theirs = await w.active({ clientId: w.other.id });
      const res = await w.customer.agent.get('/');
      expect(res.text).to.contain(`/services/${mine.id}"`);
      expect(res.text).not.to.contain(`/services/${theirs.id}"`);
    });
  });

  describe('active service', () => {
    it('shows status, VPN client, config cards, one-time link and user manual when the panel answers', async () => {
      const productId = await w.product({ instruction_url: 'https://help.example.com/vpn', show_password: 'plain' });
      const s = await w.active({ productId, serverId: await w.freshServer() });
      w.panel.setOnline(s.name, [{ protocol: 'wireguard', endpoint: '198.51.100.4:51820', transfer_rx: 2_000_000, transfer_tx: 1_500_000_000 }]);
      const res = await page(s.id);
      expect(res.status).to.equal(200);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.text).to.contain('href="https://help.example.com/vpn"');
      expect(res.text).to.contain('User manual');
      expect(res.text).to.match(/class="pill pill-online" data-role="pill">Online</);
      expect(res.text).to.contain('198.51.100.4:51820');
      expect(res.text).to.contain('Nov 20, 2026, 12:00:00 PM UTC <span class="muted">· now</span>');
      expect(res.text).to.contain('<dt>Downloaded</dt><dd>1.5 GB</dd>');
      expect(res.text).to.contain('<dt>Uploaded</dt><dd>2.0 MB</dd>');
      expect(res.text).to.contain('Last checked: <span data-role="checked">');
      expect(res.text).to.contain(`<code>${s.name}</code>`);
      expect(res.text).to.contain(`<code>${s.ipv4}</code>`);
      expect(res.text).to.contain(`<code>${s.username}</code>`);
      expect(res.text).to.contain(`<code>${s.password}</code>`);
      expect(res.text).to.contain('<dt>Download limit</dt><dd>Unlimited</dd>');
      expect(res.text).to.match(/pill-enabled">Enabled</);
      for (const protocol of ['wireguard', 'amneziawg', 'openvpn', 'ikev2']) {
        expect(res.text).to.contain(`data-config-url="${BASE}/services/${s.id}/configs/${protocol}.json"`);
      }
      expect(res.text).to.contain(`action="${BASE}/services/${s.id}/one-time-link.json"`);
      expect(res.text).to.contain(`href="${BASE}/services/${s.id}/traffic"`);
      expect(res.text).not.to.contain('Usage this month');
    });

    it('shows Offline with no session rows when nobody is connected', async () => {
      const s = await w.active();
      const res = await page(s.id);
      expect(res.text).to.match(/pill-offline" data-role="pill">Offline</);
      expect(res.text).to.contain('Not connected right now');
    });

    it('shows only the cards of protocols the network enables, with its limits, when the network is OpenVPN and IKEv2 only', async () => {
      const s = await w.active({ network: 'eu-ovpn' });
      const res = await page(s.id);
      expect(res.text).to.contain('configs/openvpn.json');
      expect(res.text).to.contain('configs/ikev2.json');
      expect(res.text).not.to.contain('configs/wireguard.json');
      expect(res.text).not.to.contain('configs/amneziawg.json');
      expect(res.text).not.to.contain('badge-wireguard');
      expect(res.text).to.contain('<dt>Download limit</dt><dd>100 Mbit/s</dd>');
      expect(res.text).to.contain('<dt>Upload limit</dt><dd>50 Mbit/s</dd>');
      expect(res.text).to.contain(`title="${s.name}.ovpn">Download .ovpn</a>`);
      expect(res.text).to.contain(`title="${s.name}.sswan">Download .sswan</a>`);
    });

    it('finds the network through the VPN client record when the service does not name it', async () => {
      const s = await w.active({ network: 'eu-ovpn' });
      await w.t.c.repos.services.update(s.id, { networkName: null });
      const res = await page(s.id);
      expect(res.text).to.contain('configs/openvpn.json');
      expect(res.text).not.to.contain('configs/wireguard.json');
      const config = await w.customer.agent.get(`${BASE}/services/${s.id}/configs/openvpn.json`);
      expect(config.status).to.equal(200);
    });

    it('hides the password behind a Show button when the product says button', async () => {
      const s = await w.active({ productId: await w.product({ show_password: 'button' }) });
      const res = await page(s.id);
      expect(res.text).to.contain(`<code class="secret" data-role="secret" hidden>${s.password}</code>`);
      expect(res.text).to.contain('data-role="reveal"');
    });

    it('never shows the password when the product says no', async () => {
      const s = await w.active({ productId: await w.product({ show_password: 'no' }) });
      const res = await page(s.id);
      expect(res.text).not.to.contain(s.password);
      expect(res.text).not.to.contain('<dt>Password</dt>');
    });

    it('shows Disabled and no user manual when the panel has the client disabled and no link is set', async () => {
      const s = await w.active();
      w.panel.state.client(s.name).status = 'disable';
      const res = await page(s.id);
      expect(res.text).to.match(/pill-disabled">Disabled</);
      expect(res.text).not.to.contain('User manual');
    });

    it('shows the month\'s usage and estimated charge when metric billing is on', async () => {
      const metric = { enabled: true, price_per_gb: '0.05', included_gb: 10 };
      const productId = await w.product({ metrics: { download: metric, upload: { enabled: false, price_per_gb: '0', included_gb: 0 } } });
      const s = await w.active({ productId });
      await w.t.c.db('usage_daily').insert([
        { service_id: s.id, day: '2026-11-19', download_bytes: 12_000_000_000, upload_bytes: 7_000_000, collected_at: NOW.toISOString() },
        { service_id: s.id, day: '2026-11-20', download_bytes: 345_000_000, upload_bytes: 0, collected_at: NOW.toISOString() },
      ]);
      const res = await page(s.id);
      expect(res.text).to.contain('Usage this month');
      expect(res.text).to.contain('Usage is updated from the VPN server once a day.');
      expect(res.text).to.contain('(November 2026)');
      expect(res.text).to.contain('<td>Download</td><td>12.35 GB</td><td>10 GB</td><td>2.35 GB</td><td>$0.05 per GB</td><td>$0.12</td>');
      expect(res.text).not.to.contain('<td>Upload</td>');
      expect(res.text).to.contain('Estimated total so far</th><th>$0.12');
    });

    it('says when usage was last read from the panel when a pull succeeded', async () => {
      const metric = { enabled: true, price_per_gb: '1', included_gb: 0 };
      const s = await w.active({ productId: await w.product({ metrics: { download: metric, upload: metric } }) });
      await w.t.c.db('usage_pulls').insert({ service_id: s.id, server_id: w.serverId, last_success_at: '2026-11-20T02:15:00.000Z' });
      const res = await page(s.id);
      expect(res.text).to.contain('Last updated from the VPN server on Nov 20, 2026, 02:15:00 AM UTC.');
      expect(res.text).to.contain('<td>Upload</td><td>0.00 GB</td><td>0 GB</td><td>0.00 GB</td><td>$1.00 per GB</td><td>$0.00</td>');
      expect(w.panel.requestsTo('GET', `/client/${s.name}/traffic`)).to.have.length(0);
    });

    it('costs the panel three calls for a first view and none for a second one within the cache lifetime', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      await page(s.id);
      const first = w.panel.requests.map((r) => `${r.method} ${r.path}`);
      expect(first).to.have.members([`GET /client/${s.name}`, 'GET /network/main', 'GET /client/online']);
      await page(s.id);
      expect(w.panel.requests).to.have.length(3);
    });

    it('answers 404 when the service belongs to another customer or the id is malformed', async () => {
      const theirs = await w.active({ clientId: w.other.id });
      expect((await page(theirs.id)).status).to.equal(404);
      expect((await w.customer.agent.get('/services/abc')).status).to.equal(404);
      expect((await w.customer.agent.get('/services/99999999')).status).to.equal(404);
    });
  });

  describe('when the panel misbehaves', () => {
    it('renders within about 3 s with unavailable cards and the locally known facts when the panel is down', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      await w.panel.down();
      try {
        const started = Date.now();
        const res = await page(s.id);
        expect(Date.now() - started).to.be.below(3500);
        expect(res.status).to.equal(200);
        expect(res.text).to.contain('temporarily unavailable');
        expect(res.text).to.contain(`<code>${s.name}</code>`);
        expect(res.text).to.contain(`<code>${s.ipv4}</code>`);
        expect(res.text).not.to.contain(`127.0.0.1:${w.panel.port}`);
      } finally {
        await w.panel.up();
      }
    });

    it('renders within about 3 s when every panel answer is slow', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      w.panel.slow('*', 8000);
      const started = Date.now();
      const res = await page(s.id);
      expect(Date.now() - started).to.be.below(4000);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('temporarily unavailable');
      expect(res.text).to.contain('Last checked: <span data-role="checked">—</span>');
    });

    it('renders unavailable cards without the panel\'s own text when answers are malformed', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      w.panel.malformed('*');
      const res = await page(s.id);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('temporarily unavailable');
      expect(res.text).not.to.contain('injected malformed');
      expect(res.text).not.to.contain('fake-panel');
    });

    it('says the VPN account is missing when the panel no longer knows the client', async () => {
      const s = await w.active({ serverId: await w.freshServer() });
      w.panel.state.deleteClient(s.name);
      const res = await page(s.id);
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('Your VPN account was not found on the VPN server');
    });
  });

  describe('services that are not active', () => {
    const cases = [
      ['pending', 'Your VPN is being set up'],
      ['suspended', 'This service is suspended'],
      ['terminated', 'This service has ended'],
      ['failed', 'This service could not be set up'],
    ] as const;
    for (const [status, heading] of cases) {
      it(`explains the state and the next step without calling the panel when the service is ${status}`, async () => {
        const s = await w.inState(status);
        w.panel.requests.length = 0;
        const res = await page(s.id);
        expect(res.status).to.equal(200);
        expect(res.text).to.contain(heading);
        expect(res.text).to.contain('What to do:');
        expect(res.text).to.contain(`Service #${s.id}`);
        expect(w.panel.requests).to.have.length(0);
      });
    }
  });
});
