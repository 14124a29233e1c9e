import { expect } from 'chai';
import request from 'supertest';
import { buildAdmin, buildApiToken, buildClient, buildGroupWithServer, buildProduct, buildService } from '../support/factories.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { documentedProductConfig } from '../fixtures/product-config-example.js';

type Method = 'get' | 'post' | 'put';

/** Every route of server/http/routes/api/admin-api.routes.ts; `:id` is replaced per test. */
const ROUTES: { method: Method; path: string; body: boolean }[] = [
  { method: 'get', path: '/api/admin/server-groups', body: false },
  { method: 'post', path: '/api/admin/server-groups', body: true },
  { method: 'get', path: '/api/admin/servers', body: false },
  { method: 'post', path: '/api/admin/servers', body: true },
  { method: 'get', path: '/api/admin/servers/:id', body: false },
  { method: 'put', path: '/api/admin/servers/:id', body: true },
  { method: 'post', path: '/api/admin/servers/:id/test', body: false },
  { method: 'get', path: '/api/admin/products', body: false },
  { method: 'post', path: '/api/admin/products', body: true },
  { method: 'get', path: '/api/admin/products/:id', body: false },
  { method: 'put', path: '/api/admin/products/:id/config', body: true },
  { method: 'get', path: '/api/admin/clients', body: false },
  { method: 'post', path: '/api/admin/clients', body: true },
  { method: 'get', path: '/api/admin/clients/:id', body: false },
  { method: 'get', path: '/api/admin/services', body: false },
  { method: 'post', path: '/api/admin/services', body: true },
  { method: 'get', path: '/api/admin/services/:id', body: false },
  { method: 'post', path: '/api/admin/services/:id/actions/suspend', body: false },
  { method: 'put', path: '/api/admin/services/:id/options', body: true },
  { method: 'get', path: '/api/admin/services/:id/module-log', body: false },
];

/** The product settings document of admin-api.md, verbatim. */
const CONFIG_EXAMPLE = documentedProductConfig();

/** An error body as admin-api.md defines it, with nothing of the server's insides. */
function expectErrorBody(res: request.Response): void {
  expect(res.headers['content-type']).to.match(/^application\/json/);
  expect(res.body.error).to.be.a('string').and.not.equal('');
  expect(res.body).not.to.have.property('stack');
  expect(res.text).not.to.match(/\bat [^"]*\.(ts|js):\d+/);
}

describe('admin API', () => {
  let t: TestApp;
  let token: string;

  const api = (method: Method, path: string) => request(t.app)[method](path).set('Authorization', `Bearer ${token}`);
  const count = async (table: string): Promise<number> => Number(((await t.c.db(table).count({ n: '*' }).first()) as { n: number | string }).n);

  before(async () => {
    t = await buildTestApp();
    token = await buildApiToken(t.c);
  });
  after(() => t.close());

  describe('every route', () => {
    let ids: { server: number; product: number; client: number; service: number };
    const pathOf = (path: string) => path.replace(':id', String(path.includes('/servers/') ? ids.server : path.includes('/products/') ? ids.product : path.includes('/clients/') ? ids.client : ids.service));

    before(async () => {
      const { group, server } = await buildGroupWithServer(t.c);
      const product = await buildProduct(t.c, group.id);
      const client = await buildClient(t.c);
      const service = await buildService(t.c, { clientId: client.id, productId: product.id });
      ids = { server: server.id, product: product.id, client: client.id, service: service.id };
    });

    it('answers 401 with an error body when no token is sent', async () => {
      for (const r of ROUTES) {
        const res = await request(t.app)[r.method](pathOf(r.path)).send(r.body ? { name: 'x' } : undefined);
        expect(res.status, `${r.method} ${r.path}`).to.equal(401);
        expectErrorBody(res);
      }
    });

    it('answers 401 when the token is wrong or not a bearer token', async () => {
      for (const r of ROUTES) {
        for (const header of [`Bearer ${token}x`, `Basic ${Buffer.from('a:b').toString('base64')}`, 'Bearer']) {
          const res = await request(t.app)[r.method](pathOf(r.path)).set('Authorization', header);
          expect(res.status, `${r.method} ${r.path} with ${header}`).to.equal(401);
          expectErrorBody(res);
        }
      }
    });

    it('answers 401, not 400, when a caller without a token sends a body that is not JSON', async () => {
      const res = await request(t.app).post('/api/admin/clients').set('Content-Type', 'application/json').send('{"email":');
      expect(res.status).to.equal(401);
    });

    it('answers 400 with an error body when the body is not valid JSON', async () => {
      for (const r of ROUTES.filter((x) => x.body)) {
        const res = await api(r.method, pathOf(r.path)).set('Content-Type', 'application/json').send('{"name": "x",');
        expect(res.status, `${r.method} ${r.path}`).to.equal(400);
        expectErrorBody(res);
      }
    });

    it('answers 400 when the body is JSON but not an object', async () => {
      for (const r of ROUTES.filter((x) => x.body)) {
        for (const raw of ['[1,2]', '"text"', 'null', '42']) {
          const res = await api(r.method, pathOf(r.path)).set('Content-Type', 'application/json').send(raw);
          expect(res.status, `${r.method} ${r.path} with ${raw}`).to.equal(400);
          expectErrorBody(res);
        }
      }
    });

    it('answers 400 when the body is not sent as JSON', async () => {
      for (const r of ROUTES.filter((x) => x.body)) {
        const res = await api(r.method, pathOf(r.path)).set('Content-Type', 'text/plain').send('name=x');
        expect(res.status, `${r.method} ${r.path}`).to.equal(400);
        expectErrorBody(res);
      }
    });

    it('answers 404 with an error body for ids that do not exist or are not numbers', async () => {
      for (const r of ROUTES.filter((x) => x.path.includes(':id'))) {
        for (const id of ['999999', 'abc', '-1']) {
          const req = api(r.method, r.path.replace(':id', id));
          const valid = r.path.endsWith('/config') ? CONFIG_EXAMPLE : r.path.endsWith('/options') ? { b_download: 10 } : { name: 'n', hostname: 'h.example', api_token: 't', server_group_id: 1 };
          const res = await (r.body ? req.send(valid) : req);
          expect(res.status, `${r.method} ${r.path} with ${id}`).to.equal(404);
          expectErrorBody(res);
        }
      }
    });

    it('answers 500 in JSON without a stack trace when a stored record cannot be read', async () => {
      const { group } = await buildGroupWithServer(t.c);
      const product = await buildProduct(t.c, group.id);
      await t.c.db('products').where({ id: product.id }).update({ config: '{broken' });
      const res = await api('get', `/api/admin/products/${product.id}`);
      await t.c.db('products').where({ id: product.id }).update({ config: JSON.stringify(product.config) });
      expect(res.status).to.equal(500);
      expectErrorBody(res);
      expect(res.text).not.to.contain('SyntaxError');
      expect(res.text).not.to.contain('{broken');
    });

    it('answers 404 in JSON for an unknown API path', async () => {
      const res = await api('get', '/api/admin/no-such-thing');
      expect(res.status).to.equal(404);
      expectErrorBody(res);
    });
  });

  describe('server groups', () => {
    it('creates a group with 201 {id, name} and lists it', async () => {
      const res = await api('post', '/api/admin/server-groups').send({ name: 'api-group' });
      expect(res.status).to.equal(201);
      expect(res.body).to.deep.equal({ id: res.body.id, name: 'api-group' });
      expect(res.body.id).to.be.a('number');
      const list = await api('get', '/api/admin/server-groups');
      expect(list.body.server_groups).to.deep.include({ id: res.body.id, name: 'api-group', servers: 0 });
    });

    it('answers 422 naming the field when the name is missing, unknown keys are sent or the name is taken', async () => {
      const before = await count('server_groups');
      const missing = await api('post', '/api/admin/server-groups').send({});
      expect(missing.status).to.equal(422);
      expect(missing.body.fields).to.have.property('name');
      const extra = await api('post', '/api/admin/server-groups').send({ name: 'ok-name', colour: 'red' });
      expect(extra.status).to.equal(422);
      expect(extra.body.fields).to.have.property('colour');
      await api('post', '/api/admin/server-groups').send({ name: 'dup-group' });
      const dup = await api('post', '/api/admin/server-groups').send({ name: 'dup-group' });
      expect(dup.status).to.equal(422);
      expect(dup.body.fields.name).to.contain('exists');
      expectErrorBody(dup);
      expect(await count('server_groups')).to.equal(before + 1);
    });
  });

  describe('servers', () => {
    const TOKEN = 'panel-api-token-8fJ2kQ9xR4vB7nM1';
    let groupId: number;

    before(async () => {
      groupId = (await api('post', '/api/admin/server-groups').send({ name: 'servers-api' })).body.id;
    });

    it('creates a server with 201 and never answers the token or its encrypted form', async () => {
      const res = await api('post', '/api/admin/servers').send({ name: 'Frankfurt', hostname: 'vpn-fra.example.com', api_token: TOKEN, server_group_id: groupId });
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ name: 'Frankfurt', hostname: 'vpn-fra.example.com', port: 8098, secure: false, server_group_id: groupId, enabled: true });
      expect(res.body.id).to.be.a('number');
      const stored = ((await t.c.db('servers').where({ id: res.body.id }).first()) as { api_token_enc: string }).api_token_enc;
      for (const answer of [res, await api('get', `/api/admin/servers/${res.body.id}`), await api('get', '/api/admin/servers')]) {
        expect(answer.status).to.equal(200 + (answer === res ? 1 : 0));
        expect(answer.text).not.to.contain(TOKEN);
        expect(answer.text).not.to.contain(stored);
        expect(answer.text).not.to.contain('api_token_enc');
        expect(answer.text).not.to.match(/"api_token"\s*:/);
      }
      expect((await t.c.repos.servers.findRecord(res.body.id))?.apiToken).to.equal(TOKEN);
    });

    it('defaults the port to 443 for a secure server', async () => {
      const res = await api('post', '/api/admin/servers').send({ name: 'Secure', hostname: '10.0.0.5', secure: true, api_token: TOKEN, server_group_id: groupId, enabled: false });
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ port: 443, secure: true, enabled: false });
    });

    it('answers 422 naming each bad field and saves nothing', async () => {
      const before = await count('servers');
      const res = await api('post', '/api/admin/servers').send({ name: '', port: 70000, api_token: TOKEN, server_group_id: 'x' });
      expect(res.status).to.equal(422);
      expectErrorBody(res);
      expect(res.body.fields).to.have.all.keys('name', 'hostname', 'port', 'server_group_id');
      const noToken = await api('post', '/api/admin/servers').send({ name: 'n', hostname: 'h.example.com', server_group_id: groupId });
      expect(noToken.status).to.equal(422);
      expect(noToken.body.fields).to.have.property('api_token');
      const badGroup = await api('post', '/api/admin/servers').send({ name: 'n', hostname: 'h.example.com', api_token: TOKEN, server_group_id: 999999 });
      expect(badGroup.status).to.equal(422);
      expect(badGroup.body.fields).to.have.property('server_group_id');
      const badHost = await api('post', '/api/admin/servers').send({ name: 'n', hostname: 'https://h.example.com/', api_token: TOKEN, server_group_id: groupId });
      expect(badHost.status).to.equal(422);
      expect(badHost.body.fields).to.have.property('hostname');
      expect(await count('servers')).to.equal(before);
    });

    it('updates a server with PUT and keeps the token when none is sent', async () => {
      const created = await api('post', '/api/admin/servers').send({ name: 'Warsaw', hostname: 'vpn-waw.example.com', api_token: TOKEN, server_group_id: groupId });
      const res = await api('put', `/api/admin/servers/${created.body.id}`).send({ name: 'Warsaw 2', hostname: 'vpn-waw.example.com', port: 9000, server_group_id: groupId });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: created.body.id, name: 'Warsaw 2', port: 9000 });
      expect(res.text).not.to.contain(TOKEN);
      expect((await t.c.repos.servers.findRecord(created.body.id))?.apiToken).to.equal(TOKEN);
      const invalid = await api('put', `/api/admin/servers/${created.body.id}`).send({ name: 'Warsaw 3', hostname: '', server_group_id: groupId });
      expect(invalid.status).to.equal(422);
      expect(invalid.body.fields).to.have.property('hostname');
      expect((await t.c.repos.servers.findSummary(created.body.id))?.name).to.equal('Warsaw 2');
    });

    it('answers a connection test as 200 {ok:false, error} when the panel cannot be reached', async () => {
      const created = await api('post', '/api/admin/servers').send({ name: 'Closed', hostname: '127.0.0.1', port: 9, api_token: TOKEN, server_group_id: groupId });
      const res = await api('post', `/api/admin/servers/${created.body.id}/test`);
      expect(res.status).to.equal(200);
      expect(res.body.ok).to.equal(false);
      expect(res.body.error).to.be.a('string').and.not.equal('');
      expect(res.text).not.to.contain(TOKEN);
    });
  });

  describe('products', () => {
    let groupId: number;
    let productId: number;

    before(async () => {
      groupId = (await buildGroupWithServer(t.c)).group.id;
      const res = await api('post', '/api/admin/products').send({ name: 'VPN 100', server_group_id: groupId, module: 'puqvpncp', config: CONFIG_EXAMPLE });
      expect(res.status).to.equal(201);
      productId = res.body.id;
    });

    it('creates a product with 201 {id, name, config} keeping the given config', async () => {
      const res = await api('get', `/api/admin/products/${productId}`);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: productId, name: 'VPN 100', server_group_id: groupId });
      expect(res.body.config).to.deep.equal(CONFIG_EXAMPLE);
      const list = await api('get', '/api/admin/products');
      expect(list.body.products.map((p: { id: number }) => p.id)).to.include(productId);
    });

    it('stores the module defaults when a product is created without a config', async () => {
      const res = await api('post', '/api/admin/products').send({ name: 'Defaults', server_group_id: groupId, module: 'puqvpncp' });
      expect(res.status).to.equal(201);
      expect(res.body).to.have.all.keys('id', 'name', 'config', 'server_group_id', 'module');
      expect(res.body.config).to.deep.equal(t.c.deps.modules.provisioner('puqvpncp')?.defaultProductSettings());
    });

    it('answers 422 naming the module when it is not installed, and saves nothing', async () => {
      const before = await count('products');
      const res = await api('post', '/api/admin/products').send({ name: 'Other', server_group_id: groupId, module: 'openvpn-as' });
      expect(res.status).to.equal(422);
      expectErrorBody(res);
      expect(res.body.fields).to.have.property('module');
      const group = await api('post', '/api/admin/products').send({ name: 'Other', server_group_id: 999999, module: 'puqvpncp' });
      expect(group.status).to.equal(422);
      expect(group.body.fields).to.have.property('server_group_id');
      const missing = await api('post', '/api/admin/products').send({ server_group_id: groupId });
      expect(missing.status).to.equal(422);
      expect(missing.body.fields).to.include.all.keys('name', 'module');
      expect(await count('products')).to.equal(before);
    });

    it('answers 422 naming the field when the config given at creation has a bad bandwidth', async () => {
      const before = await count('products');
      const res = await api('post', '/api/admin/products').send({ name: 'Bad bw', server_group_id: groupId, module: 'puqvpncp', config: { ...CONFIG_EXAMPLE, bandwidth: { download_mbps: -1, upload_mbps: 50 } } });
      expect(res.status).to.equal(422);
      expect(res.body.fields).to.have.property('bandwidth.download_mbps');
      expect(await count('products')).to.equal(before);
    });

    it('replaces the config with PUT and answers 200 {config}', async () => {
      const next = { ...CONFIG_EXAMPLE, bandwidth: { download_mbps: 0, upload_mbps: 10 }, show_password: 'plain', networks: [] };
      const res = await api('put', `/api/admin/products/${productId}/config`).send(next);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ config: next });
      expect((await t.c.repos.products.findById(productId))?.config).to.deep.equal(next);
    });

    const invalidConfigs: { title: string; doc: Record<string, unknown>; field: string }[] = [
      { title: 'an unknown top-level key', doc: { ...CONFIG_EXAMPLE, colour: 'red' }, field: 'colour' },
      { title: 'an unknown nested key', doc: { ...CONFIG_EXAMPLE, bandwidth: { download_mbps: 1, upload_mbps: 1, burst: 5 } }, field: 'bandwidth.burst' },
      { title: 'a negative bandwidth', doc: { ...CONFIG_EXAMPLE, bandwidth: { download_mbps: 10, upload_mbps: -5 } }, field: 'bandwidth.upload_mbps' },
      { title: 'a fractional bandwidth', doc: { ...CONFIG_EXAMPLE, bandwidth: { download_mbps: 1.5, upload_mbps: 5 } }, field: 'bandwidth.download_mbps' },
      { title: 'a name rule with an unknown macro', doc: { ...CONFIG_EXAMPLE, client_name_rule: 'vpn-{nickname}' }, field: 'client_name_rule' },
      { title: 'a name rule the panel would refuse', doc: { ...CONFIG_EXAMPLE, client_name_rule: 'vpn {client_id}' }, field: 'client_name_rule' },
      { title: 'a non-http instruction_url', doc: { ...CONFIG_EXAMPLE, instruction_url: 'javascript:alert(1)' }, field: 'instruction_url' },
      { title: 'an ftp instruction_url', doc: { ...CONFIG_EXAMPLE, instruction_url: 'ftp://example.com/x' }, field: 'instruction_url' },
      { title: 'an unknown show_password', doc: { ...CONFIG_EXAMPLE, show_password: 'maybe' }, field: 'show_password' },
      { title: 'a missing key', doc: Object.fromEntries(Object.entries(CONFIG_EXAMPLE).filter(([k]) => k !== 'metrics')), field: 'metrics' },
    ];
    for (const { title, doc, field } of invalidConfigs) {
      it(`answers 422 naming ${field} and saves nothing when the config has ${title}`, async () => {
        const before = (await t.c.db('products').where({ id: productId }).first()) as { config: string; updated_at: string };
        const res = await api('put', `/api/admin/products/${productId}/config`).send(doc);
        expect(res.status).to.equal(422);
        expectErrorBody(res);
        expect(res.body.fields).to.have.property(field);
        const after = (await t.c.db('products').where({ id: productId }).first()) as { config: string; updated_at: string };
        expect(after.config).to.equal(before.config);
        expect(after.updated_at).to.equal(before.updated_at);
      });
    }
  });

  describe('clients', () => {
    it('creates a client with 201 {id, email, name} and reads it back', async () => {
      const res = await api('post', '/api/admin/clients').send({ email: 'Grace@Example.test', name: 'Grace Hopper', password: 'a long enough password' });
      expect(res.status).to.equal(201);
      expect(res.body).to.deep.equal({ id: res.body.id, email: 'grace@example.test', name: 'Grace Hopper' });
      const one = await api('get', `/api/admin/clients/${res.body.id}`);
      expect(one.body).to.deep.equal(res.body);
      const list = await api('get', '/api/admin/clients');
      expect(list.body.items.map((u: { id: number; email: string; name: string }) => ({ id: u.id, email: u.email, name: u.name }))).to.deep.include(res.body);
      expect(list.text).not.to.contain('password');
    });

    it('answers 422 naming the password when it is short, and the email when it is used or malformed', async () => {
      const existing = await buildClient(t.c);
      const before = await count('users');
      const short = await api('post', '/api/admin/clients').send({ email: 'new@example.test', name: 'New', password: 'short' });
      expect(short.status).to.equal(422);
      expect(short.body.fields).to.have.all.keys('password');
      const dup = await api('post', '/api/admin/clients').send({ email: existing.email.toUpperCase(), name: 'Twin', password: 'a long enough password' });
      expect(dup.status).to.equal(422);
      expect(dup.body.fields).to.have.all.keys('email');
      const all = await api('post', '/api/admin/clients').send({ email: 'not-an-email', password: 1 });
      expect(all.status).to.equal(422);
      expect(all.body.fields).to.have.all.keys('email', 'name', 'password');
      expect(await count('users')).to.equal(before);
    });

    it('answers 404 when the id belongs to an admin', async () => {
      const admin = await buildAdmin(t.c);
      const res = await api('get', `/api/admin/clients/${admin.id}`);
      expect(res.status).to.equal(404);
    });
  });

  describe('services', () => {
    let product: { id: number; serverGroupId: number };
    let serverId: number;
    let clientId: number;

    before(async () => {
      const { group, server } = await buildGroupWithServer(t.c);
      serverId = server.id;
      product = await buildProduct(t.c, group.id, { ...CONFIG_EXAMPLE, networks: [] });
      clientId = (await buildClient(t.c)).id;
    });

    it('creates a pending service with 201 in the service shape of admin-api.md', async () => {
      const res = await api('post', '/api/admin/services').send({ client_id: clientId, product_id: product.id, server_id: serverId, options: { b_download: 20 } });
      expect(res.status).to.equal(201);
      expect(res.body).to.include({
        client_id: clientId,
        product_id: product.id,
        server_id: serverId,
        status: 'pending',
        username: null,
        network_name: null,
        dedicated_ip: null,
        b_download: 20,
        b_upload: 50,
        last_error: null,
      });
      expect(res.body.id).to.be.a('number');
      const read = await api('get', `/api/admin/services/${res.body.id}`);
      expect(read.status).to.equal(200);
      expect(read.body).to.deep.equal(res.body);
    });

    it('reads a service without options with the product’s bandwidth and a null server', async () => {
      const res = await api('post', '/api/admin/services').send({ client_id: clientId, product_id: product.id });
      expect(res.status).to.equal(201);
      const read = await api('get', `/api/admin/services/${res.body.id}`);
      expect(read.body).to.include({ id: res.body.id, server_id: null, status: 'pending', b_download: 100, b_upload: 50 });
      for (const key of ['id', 'client_id', 'product_id', 'server_id', 'status', 'username', 'network_name', 'dedicated_ip', 'b_download', 'b_upload', 'last_error']) {
        expect(read.body, key).to.have.property(key);
      }
    });

    it('keeps the product default when an option is null, and refuses booleans and blanks instead of reading them as numbers', async () => {
      const res = await api('post', '/api/admin/services').send({ client_id: clientId, product_id: product.id, options: { b_download: null } });
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ b_download: 100 });
      expect(res.body.options).to.deep.equal({ b_download: null, b_upload: null });
      const before = await count('services');
      const bad = await api('post', '/api/admin/services').send({ client_id: true, product_id: product.id, options: { b_download: ' ', b_upload: false } });
      expect(bad.status).to.equal(422);
      expect(bad.body.fields).to.have.all.keys('client_id', 'options.b_download', 'options.b_upload');
      expect(await count('services')).to.equal(before);
    });

    it('answers 422 naming the client when it is unknown or an admin, and saves nothing', async () => {
      const admin = await buildAdmin(t.c);
      const before = await count('services');
      for (const id of [999999, admin.id]) {
        const res = await api('post', '/api/admin/services').send({ client_id: id, product_id: product.id });
        expect(res.status).to.equal(422);
        expectErrorBody(res);
        expect(res.body.fields).to.have.all.keys('client_id');
      }
      expect(await count('services')).to.equal(before);
    });

    it('answers 422 naming every bad field when product, server and options are wrong', async () => {
      const other = await buildGroupWithServer(t.c);
      const before = await count('services');
      const wrongServer = await api('post', '/api/admin/services').send({ client_id: clientId, product_id: product.id, server_id: other.server.id });
      expect(wrongServer.status).to.equal(422);
      expect(wrongServer.body.fields).to.have.all.keys('server_id');
      const unknown = await api('post', '/api/admin/services').send({ client_id: 999999, product_id: 999999, server_id: 999999 });
      expect(unknown.status).to.equal(422);
      expect(unknown.body.fields).to.have.all.keys('client_id', 'product_id', 'server_id');
      const options = await api('post', '/api/admin/services').send({ client_id: clientId, product_id: product.id, options: { b_download: -1, b_upload: 20000 } });
      expect(options.status).to.equal(422);
      expect(options.body.fields).to.have.all.keys('options.b_download', 'options.b_upload');
      expect(await count('services')).to.equal(before);
    });

    it('lists the module log of a service newest first, as stored', async () => {
      const service = await buildService(t.c, { clientId, productId: product.id });
      await t.c.repos.moduleLog.write({ serviceId: service.id, action: 'create', method: 'POST', path: '/api/clients', request: { username: 'vpn-1' }, response: { status: 'error' }, httpStatus: 500, error: 'panel said no' });
      await t.c.repos.moduleLog.write({ serviceId: service.id, action: 'suspend', request: null, response: null });
      const res = await api('get', `/api/admin/services/${service.id}/module-log`);
      expect(res.status).to.equal(200);
      expect(res.body.entries.map((e: { action: string }) => e.action)).to.deep.equal(['suspend', 'create']);
      expect(res.body.entries[1]).to.include({ action: 'create', error: 'panel said no' });
      expect(res.body.entries[1].request).to.deep.equal({ username: 'vpn-1' });
      expect(res.body.entries[1].at).to.be.a('string');
      const empty = await api('get', `/api/admin/services/${(await buildService(t.c, { clientId, productId: product.id })).id}/module-log`);
      expect(empty.body).to.deep.equal({ items: [], page: 1, per_page: 50, total: 0, entries: [] });
    });
  });
});
