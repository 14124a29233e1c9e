import { expect } from 'chai';
import request from 'supertest';
import { FakePanel, FAKE_PANEL_TOKEN } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { createServerGroup } from '../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../server/domain/catalogue/servers.js';
import { buildAdmin, buildApiToken, buildClient, buildProduct, buildService } from '../support/factories.js';
import { loginAs, type Agent } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';

describe(`admin catalogue: safe deletion, unique names, health, typed tests, provisioning in one step (${dialect})`, () => {
  let t: TestApp;
  let panel: FakePanel;
  let token: string;
  let admin: Agent;
  let csrf: string;
  let seq = 0;
  const api = (method: 'get' | 'post' | 'put' | 'delete', path: string) => request(t.app)[method](path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, form: Record<string, string>) => admin.post(path).type('form').send({ _csrf: csrf, ...form });
  const count = async (table: string) => Number(((await t.c.db(table).count({ n: '*' }).first()) as { n: number | string }).n);
  const group = async () => (await createServerGroup(t.c.deps, { name: `g${++seq}` })).id;
  const panelServer = async (groupId: number, name = `panel-${++seq}`) =>
    (await createServer(t.c.deps, { name, hostname: '127.0.0.1', port: panel.port, server_group_id: groupId, api_token: FAKE_PANEL_TOKEN, connect_timeout_ms: 300, response_timeout_ms: 1500 })).id;

  before(async () => {
    t = await buildTestApp();
    panel = new FakePanel({ slots: { used: 3, total: 200 } });
    await panel.start();
    token = await buildApiToken(t.c);
    ({ agent: admin, csrf } = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin'));
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  describe('the first-run guide', () => {
    it('lists the five steps with links while nothing exists, and the sign-in pages link each other', async () => {
      const res = await admin.get('/admin');
      expect(res.text).to.contain('Getting started');
      for (const href of ['/admin/server-groups', '/admin/servers/new', '/admin/products/new', '/admin/clients/new', '/admin/services/new']) expect(res.text).to.contain(`href="${href}"`);
      expect((await request(t.app).get('/login')).text).to.contain('href="/admin/login"');
      expect((await request(t.app).get('/admin/login')).text).to.contain('href="/login"');
    });
    it('marks the steps done one by one and disappears when all are', async () => {
      const g = await group();
      let res = await admin.get('/admin');
      expect(res.text).to.contain('Create a server group — done').and.contain('href="/admin/servers/new"');
      const server = await panelServer(g);
      const product = await buildProduct(t.c, g);
      const client = await buildClient(t.c);
      res = await admin.get('/admin');
      expect(res.text).to.contain('Add a customer — done').and.contain('href="/admin/services/new"');
      await buildService(t.c, { clientId: client.id, productId: product.id, serverId: server });
      res = await admin.get('/admin');
      expect(res.text).not.to.contain('Getting started');
    });
  });

  describe('safe deletion', () => {
    it('refuses a group with servers and products, naming them, and deletes an empty one', async () => {
      const g = await group();
      await panelServer(g, 'Frankfurt 1');
      await buildProduct(t.c, g);
      const res = await api('delete', `/api/admin/server-groups/${g}`);
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('in_use');
      expect(res.body.error).to.contain('"Frankfurt 1"').and.contain('product');
      const page = await post(`/admin/server-groups/${g}/delete`, {});
      expect(page.status).to.equal(302);
      expect((await admin.get(page.headers.location)).text).to.contain('is used by server').and.contain('Frankfurt 1').and.contain('move or delete them first');
      const empty = await group();
      expect((await api('delete', `/api/admin/server-groups/${empty}`)).status).to.equal(204);
      expect(await t.c.repos.serverGroups.findById(empty)).to.equal(null);
      expect((await api('delete', `/api/admin/server-groups/${empty}`)).status).to.equal(404);
    });
    it('refuses a server or product with services (naming them) and deletes unused ones', async () => {
      const g = await group();
      const server = await panelServer(g);
      const spare = await panelServer(g);
      const product = await buildProduct(t.c, g);
      const unused = await buildProduct(t.c, g);
      const client = await buildClient(t.c);
      const service = await buildService(t.c, { clientId: client.id, productId: product.id, serverId: server });
      const s = await api('delete', `/api/admin/servers/${server}`);
      expect(s.status).to.equal(409);
      expect(s.body.error).to.contain(`1 service (#${service.id})`);
      const p = await api('delete', `/api/admin/products/${product.id}`);
      expect(p.status).to.equal(409);
      expect(p.body.error).to.contain(`#${service.id}`);
      const page = await post(`/admin/products/${product.id}/delete`, {});
      expect((await admin.get(page.headers.location)).text).to.contain(`has 1 service (#${service.id})`);
      expect((await api('delete', `/api/admin/servers/${spare}`)).status).to.equal(204);
      expect((await api('delete', `/api/admin/products/${unused.id}`)).status).to.equal(204);
      expect(await t.c.repos.products.findById(unused.id)).to.equal(null);
      expect(await t.c.repos.products.findById(product.id)).not.to.equal(null);
    });
    it('retires a terminated service from the customer\'s dashboard only', async () => {
      const g = await group();
      const product = await buildProduct(t.c, g);
      const client = await buildClient(t.c);
      const live = await buildService(t.c, { clientId: client.id, productId: product.id });
      const gone = await buildService(t.c, { clientId: client.id, productId: product.id });
      expect((await api('post', `/api/admin/services/${live.id}/retire`)).status).to.equal(409);
      await t.c.repos.services.update(gone.id, { status: 'terminated' });
      const res = await post(`/admin/services/${gone.id}/retire`, {});
      expect(res.status).to.equal(302);
      expect((await t.c.repos.services.findById(gone.id))?.retiredAt).to.be.a('string');
      const { agent } = await loginAs(t.app, client.email);
      const dashboard = await agent.get('/');
      expect(dashboard.text).to.contain(`/services/${live.id}"`).and.not.contain(`/services/${gone.id}"`);
      expect((await admin.get(`/admin/services/${gone.id}`)).text).to.contain('not on the customer');
    });
  });

  describe('unique names', () => {
    it('refuses a second server or product of the same name, in any case', async () => {
      const g = await group();
      await panelServer(g, 'Warsaw');
      const dup = await api('post', '/api/admin/servers').send({ name: 'WARSAW', hostname: '127.0.0.1', api_token: 'x-token-1', server_group_id: g });
      expect(dup.status).to.equal(422);
      expect(dup.body.fields.name).to.contain('exists');
      const first = await api('post', '/api/admin/products').send({ name: 'Basic VPN', server_group_id: g, module: 'puqvpncp' });
      expect(first.status).to.equal(201);
      const second = await api('post', '/api/admin/products').send({ name: 'basic vpn', server_group_id: g, module: 'puqvpncp' });
      expect(second.status).to.equal(422);
      expect(second.body.fields.name).to.contain('exists');
    });
  });

  describe('servers list and Test Connection', () => {
    it('shows the last test result, time, panel version and slots', async () => {
      const g = await group();
      const id = await panelServer(g, 'Health check');
      expect((await admin.get('/admin/servers')).text).to.contain('never tested');
      expect((await api('post', `/api/admin/servers/${id}/test`)).body.ok).to.equal(true);
      const list = await admin.get('/admin/servers');
      const row = list.text.slice(list.text.indexOf('Health check'), list.text.indexOf('</tr>', list.text.indexOf('Health check')));
      expect(row).to.contain('>ok<').and.contain('3 / 200').and.match(/2\.\d/);
      expect(row).to.contain('enabled');
    });
    it('tests what the new-server form holds without saving, keeping every value and the token', async () => {
      const g = await group();
      const before = await count('servers');
      const res = await post('/admin/servers/test', { name: 'Typed', module: 'puqvpncp', hostname: '127.0.0.1', port: String(panel.port), api_token: FAKE_PANEL_TOKEN, server_group_id: String(g), enabled: 'on' });
      expect(res.status).to.equal(200);
      expect(res.text).to.contain('Connection successful').and.contain('nothing was saved');
      expect(res.text).to.contain('value="Typed"').and.contain(`value="${FAKE_PANEL_TOKEN}"`);
      expect(await count('servers')).to.equal(before);
      const wrong = await post('/admin/servers/test', { name: 'Typed', module: 'puqvpncp', hostname: '127.0.0.1', port: String(panel.port), api_token: 'not-the-token', server_group_id: String(g) });
      expect(wrong.text).to.contain('Connection failed');
      const invalid = await post('/admin/servers/test', { name: '', hostname: 'https://x/y', api_token: FAKE_PANEL_TOKEN, server_group_id: String(g) });
      expect(invalid.status).to.equal(422);
      expect(invalid.text).to.contain('without scheme or path');
      const viaApi = await api('post', '/api/admin/servers/test').send({ name: 'Typed', hostname: '127.0.0.1', port: panel.port, api_token: FAKE_PANEL_TOKEN, server_group_id: g });
      expect(viaApi.body).to.include({ ok: true, count_accounts: 3 });
      expect(await count('servers')).to.equal(before);
    });
    it('tests unsaved edits of a server (the stored token when the field is empty) and saves nothing', async () => {
      const g = await group();
      const id = await createServer(t.c.deps, { name: `dead-${++seq}`, hostname: '127.0.0.1', port: 9, server_group_id: g, api_token: FAKE_PANEL_TOKEN, connect_timeout_ms: 300 });
      const res = await post(`/admin/servers/${id.id}/test`, { name: id.name, hostname: '127.0.0.1', port: String(panel.port), api_token: '', server_group_id: String(g), enabled: 'on' });
      expect(res.text).to.contain('Connection successful').and.contain(`value="${panel.port}"`);
      expect((await t.c.repos.servers.findSummary(id.id))?.port).to.equal(9);
      // a test of unsaved edits is not the saved server's health
      expect((await t.c.repos.servers.health()).get(id.id)?.at).to.equal(null);
    });
    it('the form without edits tests the saved server, whose result becomes its health', async () => {
      const g = await group();
      const id = await panelServer(g, 'Saved as is');
      const saved = await t.c.repos.servers.findSummary(id);
      const res = await post(`/admin/servers/${id}/test`, { name: 'Saved as is', hostname: '127.0.0.1', port: String(panel.port), api_token: '', server_group_id: String(g), enabled: 'on', connect_timeout_ms: String(saved?.connectTimeoutMs), response_timeout_ms: String(saved?.responseTimeoutMs) });
      expect(res.text).to.contain('Connection successful');
      expect((await t.c.repos.servers.health()).get(id)).to.include({ ok: true, slotsUsed: 3, slotsTotal: 200 });
    });
  });

  describe('provisioning in one step', () => {
    it('"Create and provision" runs create right after storing the service', async () => {
      const g = await group();
      const server = await panelServer(g);
      const product = await buildProduct(t.c, g);
      const client = await buildClient(t.c);
      const form = await admin.get('/admin/services/new');
      expect(form.text).to.contain('Create and provision').and.match(new RegExp(`data-group="${g}"[^>]*>[^<]*\\(0/\\?? ?\\S* Accounts\\)`));
      const res = await post('/admin/services', { client_id: String(client.id), product_id: String(product.id), server_id: String(server), provision: '1' });
      expect(res.status).to.equal(302);
      const id = Number(/\/admin\/services\/(\d+)/.exec(res.headers.location)?.[1]);
      const service = await t.c.repos.services.findById(id);
      expect(service?.status).to.equal('active');
      expect(panel.state.clients.has(service?.username ?? '')).to.equal(true);
      expect((await admin.get(res.headers.location)).text).to.contain('created and provisioned');
    });
    it('the API answers pending unless the product provisions new services automatically', async () => {
      const g = await group();
      await panelServer(g);
      const manual = await buildProduct(t.c, g);
      const client = await buildClient(t.c);
      const pending = await api('post', '/api/admin/services').send({ client_id: client.id, product_id: manual.id });
      expect(pending.status).to.equal(201);
      expect(pending.body.status).to.equal('pending');
      expect(pending.body).not.to.have.property('provisioning');
      const auto = await api('post', '/api/admin/products').send({ name: `Auto ${++seq}`, server_group_id: g, module: 'puqvpncp', auto_provision: true });
      const res = await api('post', '/api/admin/services').send({ client_id: client.id, product_id: auto.body.id });
      expect(res.status).to.equal(201);
      expect(res.body.status).to.equal('active');
      expect(res.body.provisioning).to.deep.equal({ result: 'success' });
      panel.stop();
      const failed = await api('post', '/api/admin/services').send({ client_id: client.id, product_id: auto.body.id });
      await panel.start();
      expect(failed.status).to.equal(201);
      expect(failed.body.provisioning.result).to.equal('failed');
      expect(failed.body.status).to.be.oneOf(['failed', 'pending']);
    });
  });
});
