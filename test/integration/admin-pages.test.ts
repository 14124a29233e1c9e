import { expect } from 'chai';
import request from 'supertest';
import { buildAdmin, buildClient, buildGroupWithServer, buildProduct, buildService, PASSWORD } from '../support/factories.js';
import { csrfFrom, loginAs, type Agent } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** A stack frame as Node prints it ("    at fn (file.ts:12:3)"), or an error class name leaking out. */
const STACK = /\n\s*at [^\n]*:\d+:\d+|\bat (?:async )?[\w.<>]+ \(|(?:Syntax|Type|Reference)Error/;

describe('admin pages', () => {
  let t: TestApp;
  let admin: Agent;
  let csrf: string;

  const count = async (table: string): Promise<number> => Number(((await t.c.db(table).count({ n: '*' }).first()) as { n: number | string }).n);
  /** Posts a form as the signed-in admin, with the page's CSRF token. */
  const post = (path: string, body: Record<string, string>) => admin.post(path).type('form').send({ _csrf: csrf, ...body });
  /** The id at the end of a redirect such as /admin/servers/12. */
  const idFrom = (location: string | undefined): number => Number(/\/(\d+)$/.exec(location ?? '')?.[1]);
  /** The `.field` block that holds the input named `name`. */
  const fieldBlock = (html: string, name: string): string => {
    const at = html.indexOf(`name="${name}"`);
    expect(at, `field ${name} on the page`).to.be.greaterThan(-1);
    const start = html.lastIndexOf('<div class="field', at);
    const end = html.indexOf('</div>', at);
    return html.slice(start, end);
  };

  before(async () => {
    t = await buildTestApp();
    const user = await buildAdmin(t.c);
    ({ agent: admin, csrf } = await loginAs(t.app, user.email, 'admin'));
  });
  after(() => t.close());

  describe('server groups', () => {
    it('creates a group and lists it when the name is new', async () => {
      const res = await post('/admin/server-groups', { name: 'vpn-eu' });
      expect(res.status).to.equal(302);
      expect(res.headers.location).to.equal('/admin/server-groups');
      const list = await admin.get('/admin/server-groups');
      expect(list.text).to.contain('Server group &#34;vpn-eu&#34; created.');
      expect(list.text).to.contain('>vpn-eu</a>');
      expect(await t.c.db('server_groups').where({ name: 'vpn-eu' }).first()).to.be.an('object');
    });

    it('re-renders with 422, the typed name and a message beside it when the name is taken', async () => {
      await post('/admin/server-groups', { name: 'taken-group' });
      const before = await count('server_groups');
      const res = await post('/admin/server-groups', { name: 'TAKEN-group' });
      expect(res.status).to.equal(422);
      const field = fieldBlock(res.text, 'name');
      expect(field).to.contain('has-error');
      expect(field).to.contain('value="TAKEN-group"');
      expect(field).to.contain('A server group with this name exists');
      expect(res.text).to.contain('Nothing was saved.');
      expect(await count('server_groups')).to.equal(before);
    });

    it('refuses a group form without the CSRF token with 403 and saves nothing', async () => {
      const before = await count('server_groups');
      const res = await admin.post('/admin/server-groups').type('form').send({ name: 'no-csrf' });
      expect(res.status).to.equal(403);
      expect(res.text).not.to.match(STACK);
      expect(await count('server_groups')).to.equal(before);
    });
  });

  describe('servers', () => {
    const TOKEN = 'panel-token-Zq8vW3xY5pL1mN7kR2';
    let groupId: number;
    let serverId: number;

    before(async () => {
      await post('/admin/server-groups', { name: 'servers-group' });
      groupId = ((await t.c.db('server_groups').where({ name: 'servers-group' }).first()) as { id: number }).id;
      const res = await post('/admin/servers', { name: 'VPN Frankfurt', hostname: 'vpn-fra.example.com', port: '', api_token: TOKEN, server_group_id: String(groupId), enabled: 'on' });
      expect(res.status).to.equal(302);
      serverId = idFrom(res.headers.location);
    });

    it('creates a server with the panel port by default and the token stored encrypted', async () => {
      expect(serverId).to.be.above(0);
      const record = await t.c.repos.servers.findRecord(serverId);
      expect(record).to.include({ name: 'VPN Frankfurt', hostname: 'vpn-fra.example.com', port: 8098, secure: false, enabled: true, serverGroupId: groupId, apiToken: TOKEN });
      const row = (await t.c.db('servers').where({ id: serverId }).first()) as { api_token_enc: string };
      expect(row.api_token_enc).not.to.contain(TOKEN);
    });

    it('never shows the token in any page after it was saved', async () => {
      const pages = ['/admin', '/admin/servers', `/admin/servers/${serverId}`, '/admin/server-groups', '/admin/servers/new', '/admin/products/new', '/admin/services/new', '/admin/services'];
      for (const path of pages) {
        const res = await admin.get(path);
        expect(res.status, path).to.equal(200);
        expect(res.text, path).not.to.contain(TOKEN);
      }
      const tested = await admin.post(`/admin/servers/${serverId}/test`).type('form').send({ _csrf: csrf });
      expect(tested.status).to.equal(200);
      expect(tested.text).not.to.contain(TOKEN);
      const edit = await admin.get(`/admin/servers/${serverId}`);
      expect(fieldBlock(edit.text, 'api_token')).to.contain('value=""');
      expect(edit.text).to.contain('A token is set.');
    });

    it('keeps the stored token when an edit leaves the token empty', async () => {
      const res = await post(`/admin/servers/${serverId}`, { name: 'VPN Frankfurt 2', hostname: 'vpn-fra.example.com', port: '8443', api_token: '', server_group_id: String(groupId), enabled: 'on' });
      expect(res.status).to.equal(302);
      const record = await t.c.repos.servers.findRecord(serverId);
      expect(record).to.include({ name: 'VPN Frankfurt 2', port: 8443, apiToken: TOKEN });
    });

    it('replaces the stored token when an edit types a new one', async () => {
      const { server } = await buildGroupWithServer(t.c, 'http://127.0.0.1:9', 'old-token-value');
      const res = await post(`/admin/servers/${server.id}`, { name: server.name, hostname: '127.0.0.1', port: '9', api_token: 'new-token-value', server_group_id: String(server.serverGroupId), enabled: 'on' });
      expect(res.status).to.equal(302);
      expect((await t.c.repos.servers.findRecord(server.id))?.apiToken).to.equal('new-token-value');
    });

    it('disables a server when an edit leaves the Enabled box unticked', async () => {
      const { server } = await buildGroupWithServer(t.c);
      const res = await post(`/admin/servers/${server.id}`, { name: server.name, hostname: '127.0.0.1', port: '9', api_token: '', server_group_id: String(server.serverGroupId) });
      expect(res.status).to.equal(302);
      expect((await t.c.repos.servers.findSummary(server.id))?.enabled).to.equal(false);
      const page = await admin.get(`/admin/servers/${server.id}`);
      expect(fieldBlock(page.text, 'enabled')).not.to.contain('checked');
    });

    it('re-renders with 422, the typed values and a message beside the hostname when it carries a scheme', async () => {
      const before = await count('servers');
      const res = await post('/admin/servers', { name: 'Typed name', hostname: 'https://vpn.example.com/api', port: '8098', api_token: TOKEN, server_group_id: String(groupId), enabled: 'on' });
      expect(res.status).to.equal(422);
      expect(fieldBlock(res.text, 'name')).to.contain('value="Typed name"');
      const host = fieldBlock(res.text, 'hostname');
      expect(host).to.contain('value="https://vpn.example.com/api"');
      expect(host).to.contain('without scheme or path');
      expect(fieldBlock(res.text, 'enabled')).to.contain('checked');
      // the typed token stays in its (password) field, so one mistake elsewhere does not mean typing it again
      expect(fieldBlock(res.text, 'api_token')).to.contain(`type="password" value="${TOKEN}"`);
      expect(res.text.split(TOKEN)).to.have.length(2);
      expect(await count('servers')).to.equal(before);
    });

    it('re-renders with 422 and a message beside the token when a new server has none', async () => {
      const before = await count('servers');
      const res = await post('/admin/servers', { name: 'No token', hostname: 'vpn.example.com', port: '', api_token: '', server_group_id: String(groupId) });
      expect(res.status).to.equal(422);
      expect(fieldBlock(res.text, 'api_token')).to.contain('API token is required');
      expect(await count('servers')).to.equal(before);
    });

    it('quotes placeholders so the whole hint reaches the browser', async () => {
      const res = await admin.get('/admin/servers/new');
      expect(fieldBlock(res.text, 'name')).to.contain('placeholder="VPN Frankfurt"');
    });
  });

  describe('products, customers and services', () => {
    let groupId: number;
    let serverId: number;

    before(async () => {
      const built = await buildGroupWithServer(t.c);
      groupId = built.group.id;
      serverId = built.server.id;
    });

    it('creates a puqvpncp product with the module defaults', async () => {
      const res = await post('/admin/products', { name: 'VPN 100', server_group_id: String(groupId), module: 'puqvpncp' });
      expect(res.status).to.equal(302);
      const product = await t.c.repos.products.findById(idFrom(res.headers.location));
      expect(product).to.include({ name: 'VPN 100', module: 'puqvpncp', serverGroupId: groupId });
      expect(product?.config).to.deep.equal(t.c.deps.modules.provisioner('puqvpncp')?.defaultProductSettings());
      const page = await admin.get(res.headers.location);
      expect(page.status).to.equal(200);
      expect(page.text).to.contain('Product &#34;VPN 100&#34; created.');
    });

    it('re-renders the product form with 422 and the typed name when no group is chosen', async () => {
      const before = await count('products');
      const res = await post('/admin/products', { name: 'Typed product', server_group_id: '', module: 'puqvpncp' });
      expect(res.status).to.equal(422);
      expect(fieldBlock(res.text, 'name')).to.contain('value="Typed product"');
      expect(fieldBlock(res.text, 'server_group_id')).to.contain('Server group must be chosen');
      expect(await count('products')).to.equal(before);
    });

    it('creates a customer who can then sign in', async () => {
      const res = await post('/admin/clients', { name: 'Ada Lovelace', email: 'Ada@Example.test', password: PASSWORD });
      expect(res.status).to.equal(302);
      const user = await t.c.repos.users.findById(idFrom(res.headers.location));
      expect(user).to.include({ email: 'ada@example.test', name: 'Ada Lovelace', role: 'client' });
      const { agent } = await loginAs(t.app, 'ada@example.test');
      expect((await agent.get('/')).status).to.equal(200);
    });

    it('re-renders the customer form with 422, the email kept and the password not echoed when the password is short', async () => {
      const before = await count('users');
      const res = await post('/admin/clients', { name: 'Short Pass', email: 'short@example.test', password: 'abc123' });
      expect(res.status).to.equal(422);
      expect(fieldBlock(res.text, 'email')).to.contain('value="short@example.test"');
      expect(fieldBlock(res.text, 'password')).to.contain('at least 10 characters');
      expect(res.text).not.to.contain('abc123');
      expect(await count('users')).to.equal(before);
    });

    it('re-renders the customer form with 422 beside the email when the email is used', async () => {
      const existing = await buildClient(t.c);
      const before = await count('users');
      const res = await post('/admin/clients', { name: 'Twin', email: existing.email, password: PASSWORD });
      expect(res.status).to.equal(422);
      expect(fieldBlock(res.text, 'email')).to.contain('already used');
      expect(await count('users')).to.equal(before);
    });

    it('creates a pending service that its customer sees, and no other customer can open', async () => {
      const product = await buildProduct(t.c, groupId);
      const owner = await buildClient(t.c, { name: 'Owner' });
      const res = await post('/admin/services', { client_id: String(owner.id), product_id: String(product.id), server_id: String(serverId), b_download: '20', b_upload: '' });
      expect(res.status).to.equal(302);
      const serviceId = idFrom(res.headers.location);
      const service = await t.c.repos.services.findById(serviceId);
      expect(service).to.deep.include({ clientId: owner.id, productId: product.id, serverId, status: 'pending', options: { b_download: 20 } });
      const show = await admin.get(`/admin/services/${serviceId}`);
      expect(show.status).to.equal(200);
      expect(show.text).to.contain('pending');

      const { agent: ownerAgent } = await loginAs(t.app, owner.email);
      const dashboard = await ownerAgent.get('/');
      expect(dashboard.status).to.equal(200);
      expect(dashboard.text).to.contain(product.name);
      expect(dashboard.text).to.contain(`href="/services/${serviceId}"`);
      expect(dashboard.text).to.contain('pending');
      expect((await ownerAgent.get(`/services/${serviceId}`)).status).to.equal(200);

      const other = await buildClient(t.c);
      const { agent: otherAgent } = await loginAs(t.app, other.email);
      const foreign = await otherAgent.get(`/services/${serviceId}`);
      expect(foreign.status).to.equal(404);
      expect(foreign.text).not.to.contain(product.name);
      expect((await otherAgent.get('/')).text).not.to.contain(`/services/${serviceId}"`);
    });

    it('re-renders the service form with 422 beside the product when it does not exist, saving nothing', async () => {
      const owner = await buildClient(t.c);
      const before = await count('services');
      const res = await post('/admin/services', { client_id: String(owner.id), product_id: '999999', server_id: '', b_download: '', b_upload: '' });
      expect(res.status).to.equal(422);
      expect(fieldBlock(res.text, 'product_id')).to.contain('Choose an existing product');
      expect(fieldBlock(res.text, 'client_id')).to.match(new RegExp(`<option value="${owner.id}" selected`));
      expect(await count('services')).to.equal(before);
    });

    it('re-renders the service form with 422 beside the speed option when it is negative', async () => {
      const owner = await buildClient(t.c);
      const product = await buildProduct(t.c, groupId);
      const before = await count('services');
      const res = await post('/admin/services', { client_id: String(owner.id), product_id: String(product.id), server_id: '', b_download: '-5', b_upload: '' });
      expect(res.status).to.equal(422);
      expect(res.text).to.contain('must be 0 (unlimited) or more');
      expect(await count('services')).to.equal(before);
    });
  });

  describe('error pages', () => {
    it('answers a 404 page without a stack trace for unknown admin ids', async () => {
      for (const kind of ['clients', 'server-groups', 'servers', 'products', 'services']) {
        for (const id of ['999999', '2147483647', 'abc', '1e3']) {
          const res = await admin.get(`/admin/${kind}/${id}`);
          expect(res.status, `${kind}/${id}`).to.equal(404);
          expect(res.text).to.contain('Not found');
          expect(res.text).not.to.match(STACK);
        }
        // past what an id column holds: refused as such, before any query
        for (const id of ['2147483648', '99999999999999999999']) {
          const res = await admin.get(`/admin/${kind}/${id}`);
          expect(res.status, `${kind}/${id}`).to.equal(400);
          expect(res.text).to.contain('id out of range');
          expect(res.text).not.to.match(STACK);
        }
      }
    });

    it('answers a 404 page to an admin for an unknown admin URL', async () => {
      const res = await admin.get('/admin/no-such-page');
      expect(res.status).to.equal(404);
      expect(res.text).to.contain('Not found');
      expect(res.text).not.to.match(STACK);
    });

    it('answers a 404 page to a customer for an unknown URL and for a service id that is not a number', async () => {
      const customer = await buildClient(t.c);
      const { agent } = await loginAs(t.app, customer.email);
      for (const path of ['/no-such-page', '/services/abc', '/services/999999']) {
        const res = await agent.get(path);
        expect(res.status, path).to.equal(404);
        expect(res.text).not.to.match(STACK);
      }
    });

    it('answers a plain 500 page without a stack trace when a stored record cannot be read', async () => {
      const { group } = await buildGroupWithServer(t.c);
      const product = await buildProduct(t.c, group.id);
      await t.c.db('products').where({ id: product.id }).update({ config: '{not json' });
      const res = await admin.get(`/admin/products/${product.id}`);
      // put the record right again: later tests list every product
      await t.c.db('products').where({ id: product.id }).update({ config: JSON.stringify(product.config) });
      expect(res.status).to.equal(500);
      expect(res.text).to.contain('Something went wrong');
      expect(res.text).not.to.match(STACK);
      expect(res.text).not.to.contain('not json');
    });
  });

  describe('error pages for refused requests', () => {
    it('answers a 413 page without a stack trace when a form is too large, saving nothing', async () => {
      const before = await count('server_groups');
      const res = await post('/admin/server-groups', { name: 'x'.repeat(300 * 1024) });
      expect(res.status).to.equal(413);
      expect(res.text).to.contain('Request refused');
      expect(res.text).to.contain('too large');
      expect(res.text).not.to.match(STACK);
      expect(await count('server_groups')).to.equal(before);
    });
  });

  describe('error pages for malformed requests', () => {
    it('answers 400 without a stack trace when a URL cannot be decoded or a form has an unknown charset', async () => {
      const bad = await admin.get('/admin/clients/%E0%A4%A');
      expect(bad.status).to.equal(400);
      expect(bad.text).not.to.match(STACK);
      const charset = await admin.post('/admin/server-groups').set('Content-Type', 'application/x-www-form-urlencoded; charset=klingon').send('name=x');
      expect(charset.status).to.equal(415);
      expect(charset.text).not.to.match(STACK);
    });
  });

  describe('security headers', () => {
    it('sends a CSP that allows only the portal’s own scripts on every page', async () => {
      const customer = await buildClient(t.c);
      const { agent } = await loginAs(t.app, customer.email);
      const pages: [Agent | ReturnType<typeof request>, string][] = [
        [request(t.app), '/login'],
        [request(t.app), '/admin/login'],
        [agent, '/'],
        [admin, '/admin'],
        [admin, '/admin/servers/new'],
        [admin, '/admin/no-such-page'],
      ];
      for (const [client, path] of pages) {
        const res = await (client as Agent).get(path);
        const csp = String(res.headers['content-security-policy']);
        expect(csp, path).to.match(/default-src 'self'/);
        expect(/script-src ([^;]*)/.exec(csp)?.[1], path).to.equal("'self'");
        expect(csp).to.contain("object-src 'none'");
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
        // the pages pass that CSP: no inline script, no inline event handler
        expect(res.text, path).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(res.text, path).not.to.match(/\son[a-z]+=/i);
      }
    });

    it('puts the session’s CSRF token on every admin page', async () => {
      const res = await admin.get('/admin/products/new');
      expect(csrfFrom(res.text)).to.equal(csrf);
    });
  });

  describe('dashboard', () => {
    it('counts clients, products, servers and pending services', async () => {
      const { group, server } = await buildGroupWithServer(t.c);
      const product = await buildProduct(t.c, group.id);
      const customer = await buildClient(t.c);
      await buildService(t.c, { clientId: customer.id, productId: product.id, serverId: server.id });
      const res = await admin.get('/admin');
      const stat = (label: string) => Number(new RegExp(`<span class="num">(\\d+)</span><span>${label}</span>`).exec(res.text)?.[1]);
      expect(stat('clients')).to.equal(await count('users') - (await t.c.repos.users.count('admin')));
      expect(stat('products')).to.equal(await count('products'));
      expect(stat('servers')).to.equal(await count('servers'));
      expect(stat('pending')).to.equal(await count('services'));
    });
  });
});
