import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { generateApiToken, hashApiToken } from '../../server/auth/api-token.js';
import { PROJECT_ROOT } from '../../server/db/create-db.js';
import { adminArea, supportRule } from '../../server/domain/users/admin-access.js';
import { appRoutes } from '../support/app-routes.js';
import { buildActiveService, buildAdmin, buildApiToken, buildClient, buildGroupWithServer, buildMeteredProduct, buildProduct } from '../support/factories.js';
import { loginAs } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';
import { encodeForm, formFields, groupOfPanels, setField, settingsFormHtml } from '../plugins/puqvpncp/product-panel-helpers.js';

/** Admin routes anyone may open: the sign-in, reset and invitation forms. */
const PUBLIC = /^\/admin\/(login|forgot|reset|invite)(\/|$)/;
const isAdminRoute = (p: string) => /^\/(api\/)?admin(\/|$)/.test(p) && !PUBLIC.test(p);

describe(`admin roles and the audit log (${dialect})`, function () {
  this.timeout(120_000);
  const now = Date.parse('2026-12-03T10:00:00Z');
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ clock: () => new Date(now), env: { SIGN_IN_LIMIT_ADDRESS: '1000', TRUST_PROXY: '1' } });
  });
  after(() => t.close());

  async function supportAdmin() {
    const user = await buildAdmin(t.c);
    await t.c.repos.users.update(user.id, { adminRole: 'support' });
    return { user, ...(await loginAs(t.app, user.email, 'admin')) };
  }
  async function supportToken() {
    const token = generateApiToken();
    await t.c.repos.apiTokens.create(`support-${Math.random()}`, hashApiToken(token), 'support');
    return token;
  }
  const audit = async (query: Record<string, string>, token: string) => (await request(t.app).get('/api/admin/audit').query(query).set('Authorization', `Bearer ${token}`).expect(200)).body.items as Record<string, unknown>[];

  describe('roles', () => {
    it('every admin route of the app (pages, plugins, API) falls under a written rule', () => {
      const routes = appRoutes(t.app).filter((r) => isAdminRoute(r.path));
      expect(routes.length).to.be.greaterThan(60);
      const missing = routes.filter((r) => supportRule(adminArea(r.path)) === null).map((r) => `${r.method} ${r.path}`);
      expect(missing, 'routes without a rule in server/domain/users/admin-access.ts').to.deep.equal([]);
    });

    it('support reaches customers, services and invoices to read, and is refused everything else, on pages and in the API', async () => {
      const support = await supportAdmin();
      const token = await supportToken();
      const refused: string[] = [];
      const allowed: string[] = [];
      for (const route of appRoutes(t.app).filter((r) => isAdminRoute(r.path))) {
        const rule = supportRule(adminArea(route.path));
        const method = route.method.toUpperCase();
        const expectAllowed = rule === 'all' || (rule === 'read' && method === 'GET');
        // ids nothing has: an allowed change finds nothing to change
        const url = route.path.replace(/:action/, 'suspend').replace(/:[a-z_.]+/g, '999999');
        const api = url.startsWith('/api/');
        const m = route.method as 'get' | 'post' | 'put';
        const res = api ? await request(t.app)[m](url).set('Authorization', `Bearer ${token}`).send({}) : m === 'get' ? await support.agent.get(url) : await support.agent[m](url).type('form').send({ _csrf: support.csrf });
        const label = `${method} ${route.path} (${rule})`;
        if (expectAllowed && res.status === 403) refused.push(label);
        if (!expectAllowed && res.status !== 403) allowed.push(`${label}: ${res.status}`);
      }
      expect(refused, 'allowed to support, yet refused').to.deep.equal([]);
      expect(allowed, 'not for support, yet not refused').to.deep.equal([]);
      expect((await support.agent.get('/admin/clients')).status).to.equal(200);
      expect((await support.agent.get('/admin/settings')).status).to.equal(403);
      const nav = /<nav[\s\S]*?<\/nav>/.exec((await support.agent.get('/admin')).text)![0];
      expect(nav).to.contain('href="/admin/clients"').and.not.contain('href="/admin/settings"');
    });

    it('an owner reaches every area', async () => {
      const owner = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
      for (const p of ['/admin', '/admin/settings', '/admin/servers', '/admin/admins', '/admin/tokens', '/admin/audit', '/admin/account']) expect((await owner.agent.get(p)).status, p).to.equal(200);
    });
  });

  describe('audit log', () => {
    let token: string;
    let tokenName: string;
    before(async () => {
      token = await buildApiToken(t.c);
      tokenName = (await t.c.repos.apiTokens.list()).at(-1)!.name;
    });

    it('records each API change with the token, the address, the entity and what changed, secrets masked', async () => {
      const group = await request(t.app).post('/api/admin/server-groups').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', '203.0.113.9').send({ name: 'audited group' }).expect(201);
      const panelToken = 'panel-secret-token-0123456789';
      const server = await request(t.app)
        .post('/api/admin/servers')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'audited server', hostname: '127.0.0.1', port: 9, server_group_id: group.body.id, api_token: panelToken })
        .expect(201);
      const client = await request(t.app).post('/api/admin/clients').set('Authorization', `Bearer ${token}`).send({ email: 'audited@example.test', name: 'Audited', password: 'a client password' }).expect(201);
      await request(t.app).put(`/api/admin/clients/${client.body.id}`).set('Authorization', `Bearer ${token}`).send({ name: 'Renamed', password: 'another long password' }).expect(200);
      const hookSecret = 'webhook-secret-0123456789';
      const hook = await request(t.app).post('/api/admin/webhooks').set('Authorization', `Bearer ${token}`).send({ url: 'https://hooks.example.test/in', secret: hookSecret, events: ['service.created'] }).expect(201);
      // refused: nothing changed, nothing recorded
      await request(t.app).post('/api/admin/clients').set('Authorization', `Bearer ${token}`).send({ email: 'not an email' }).expect(422);

      const rows = await audit({ actor: tokenName }, token);
      const [hookCreate, clientUpdate, clientCreate, serverCreate, groupCreate] = rows;
      expect(hookCreate).to.include({ entity: 'webhooks', entity_id: String(hook.body.id), action: 'create' });
      expect((hookCreate.changes as Record<string, unknown>).secret).to.deep.equal({ to: '***' });
      expect(groupCreate).to.include({ actor: `token ${tokenName}`, ip: '203.0.113.9', action: 'create', entity: 'server-groups', entity_id: String(group.body.id) });
      expect(groupCreate.changes).to.deep.equal({ name: { to: 'audited group' } });
      expect(serverCreate).to.include({ entity: 'servers', entity_id: String(server.body.id), action: 'create' });
      expect((serverCreate.changes as Record<string, unknown>).api_token).to.deep.equal({ to: '***' });
      expect(clientCreate).to.include({ entity: 'clients', entity_id: String(client.body.id) });
      expect(clientUpdate).to.include({ action: 'update', entity: 'clients', entity_id: String(client.body.id) });
      expect(clientUpdate.changes).to.deep.equal({ name: { from: 'Audited', to: 'Renamed' }, password: { from: null, to: '***' } });
      expect(rows).to.have.length(5);
      const stored = JSON.stringify(await t.c.db('audit_log').select('*'));
      for (const secret of [panelToken, 'a client password', 'another long password', token, hookSecret]) expect(stored).not.to.contain(secret);
      // the contract's filters
      expect((await audit({ entity: 'servers' }, token)).map((r) => r.entity_id)).to.include(String(server.body.id));
      expect(await audit({ actor: 'nobody-like-this' }, token)).to.deep.equal([]);
    });

    it('records page changes, plugin pages included, with the admin, and lists them on /admin/audit with filters', async () => {
      const admin = await buildAdmin(t.c);
      const owner = await loginAs(t.app, admin.email, 'admin');
      const client = await buildClient(t.c);
      await owner.agent.post(`/admin/clients/${client.id}`).type('form').set('X-Forwarded-For', '198.51.100.7').send({ _csrf: owner.csrf, name: 'Paged', email: client.email, password: '' }).expect(302);
      const { group } = await buildGroupWithServer(t.c);
      const product = await buildProduct(t.c, group.id);
      // the speed tiers are the host's own page now (they replaced the plugin's speed presets)
      await owner.agent.post(`/admin/products/${product.id}/speed-tiers/standard`).type('form').send({ _csrf: owner.csrf }).expect(303);
      const rows = await audit({ actor: admin.email }, token);
      const page = rows.find((r) => r.entity === 'clients');
      expect(page).to.include({ actor: `admin ${admin.email}`, ip: '198.51.100.7', entity_id: String(client.id), action: 'update' });
      expect(page!.changes).to.deep.equal({ name: { from: client.name, to: 'Paged' } });
      await owner.agent.post('/admin/settings').type('form').send({ _csrf: owner.csrf, companyName: 'Audited VPN' }).expect(302);
      const [settings] = await audit({ entity: 'settings' }, token);
      expect(settings).to.include({ action: 'update', entity_id: 'company_profile' });
      expect((settings.changes as Record<string, unknown>).companyName).to.deep.include({ to: 'Audited VPN' });
      const listed = await owner.agent.get('/admin/audit').query({ actor: admin.email, entity: 'clients' }).expect(200);
      expect(listed.text).to.contain(`admin ${admin.email}`).and.contain(`clients #${client.id}`);
      const tiers = rows.find((r) => r.entity === 'products');
      expect(tiers).to.include({ entity_id: String(product.id) });
      expect(tiers!.action).to.match(/speed-tiers/);
    });

    it('records products, services and their lifecycle, invoices and changes made as a customer, with both identities', async () => {
      const panel = new FakePanel();
      await panel.start();
      try {
        const api = (m: 'post' | 'put', p: string) => request(t.app)[m](p).set('Authorization', `Bearer ${token}`);
        const { group } = await buildGroupWithServer(t.c);
        const product = await api('post', '/api/admin/products').send({ name: 'Audited product', server_group_id: group.id, module: 'puqvpncp' }).expect(201);
        const { server, product: metered } = await buildMeteredProduct(t.c, panel, { price_per_gb: '0.05', included_gb: 0 });
        const client = await buildClient(t.c);
        const serviceId = await buildActiveService(t.c, panel, { clientId: client.id, productId: metered.id, serverId: server.id, name: 'audited-1' });
        await api('post', `/api/admin/services/${serviceId}/actions/suspend`).send({ reason: 'audit test', notify: false }).expect(200);
        await api('post', `/api/admin/services/${serviceId}/actions/unsuspend`).send({ notify: false }).expect(200);
        await api('post', '/api/admin/invoices/generate').send({ period: '2026-10' }).expect((r) => expect(r.status).to.be.below(300));
        // a plugin's page enriches its row through the plugin interface: only the fields that changed
        const owner = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
        const { group: panelGroup } = await groupOfPanels(t.c, 'audited-panels', [{ name: 'Audited', panel }]);
        const panelProduct = await buildProduct(t.c, panelGroup.id);
        const form = formFields(settingsFormHtml((await owner.agent.get(`/admin/products/${panelProduct.id}`).expect(200)).text));
        await owner.agent.post(`/admin/plugins/puqvpncp/products/${panelProduct.id}/settings`).type('form').send(encodeForm(setField(setField(form, 'client_name_rule', 'audit-{service_id}'), '_csrf', owner.csrf))).expect(302);
        const [settingsRow] = await t.c.repos.auditLog.list({ entity: 'products', entityId: String(panelProduct.id) });
        expect(settingsRow.action).to.equal('puqvpncp.settings');
        expect(settingsRow.changes).to.have.property('client_name_rule').that.deep.includes({ to: 'audit-{service_id}' });
        expect(Object.keys(settingsRow.changes!)).to.have.length.below(4);

        const mine = await audit({ actor: tokenName }, token);
        expect(mine.find((r) => r.entity === 'products')).to.include({ action: 'create', entity_id: String(product.body.id) });
        expect(mine.filter((r) => r.entity === 'services').map((r) => r.action)).to.deep.equal(['actions.unsuspend', 'actions.suspend']);
        expect(mine.find((r) => r.entity === 'invoices')).to.include({ action: 'generate' });

        // as the customer: the one-time link of their service is theirs to make, and audited as the admin's
        const support = await supportAdmin();
        await support.agent.post(`/admin/clients/${client.id}/view-as`).type('form').send({ _csrf: support.csrf }).expect(302);
        const link = await support.agent.post(`/client/plugins/puqvpncp/services/${serviceId}/one-time-link.json`).set('X-CSRF-Token', support.csrf).send({});
        expect(link.status).to.equal(200);
        const [row] = await t.c.repos.auditLog.list({ actor: support.user.email, entity: 'services' });
        expect(row).to.deep.include({ entityId: String(serviceId), asUserId: client.id, action: 'puqvpncp.one-time-link.json' });
      } finally {
        await panel.stop();
      }
    });

    it('API tokens made on /admin/tokens carry their role, show once, and their creation and revocation are audited without the token', async () => {
      const owner = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
      const made = await owner.agent.post('/admin/tokens').type('form').send({ _csrf: owner.csrf, name: 'page-made', role: 'support' });
      expect(made.status).to.equal(201);
      const plain = /class="new-token">(vpt_[A-Za-z0-9_-]+)</.exec(made.text)![1];
      expect((await owner.agent.get('/admin/tokens')).text).not.to.contain(plain);
      expect((await request(t.app).get('/api/admin/clients').set('Authorization', `Bearer ${plain}`)).status).to.equal(200);
      expect((await request(t.app).get('/api/admin/servers').set('Authorization', `Bearer ${plain}`)).status).to.equal(403);
      await owner.agent.post('/admin/tokens/revoke').type('form').send({ _csrf: owner.csrf, name: 'page-made' }).expect(302);
      expect((await request(t.app).get('/api/admin/clients').set('Authorization', `Bearer ${plain}`)).status).to.equal(401);
      const rows = await t.c.repos.auditLog.list({ entity: 'tokens' });
      expect(rows.map((r) => r.action)).to.deep.equal(['revoke', 'create']);
      expect(rows[1].changes).to.deep.equal({ name: { to: 'page-made' }, role: { to: 'support' } });
      expect(JSON.stringify(rows)).not.to.contain(plain);
    });

    it('is append-only: no code path updates or deletes its rows', () => {
      const repo = readFileSync(path.join(PROJECT_ROOT, 'server/repositories/audit-log.repository.ts'), 'utf8');
      expect(repo).not.to.match(/\.(update|del|delete|truncate)\(/);
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const p = path.join(dir, name);
          if (statSync(p).isDirectory()) walk(p);
          else if (p.endsWith('.ts')) files.push(p);
        }
      };
      walk(path.join(PROJECT_ROOT, 'server'));
      walk(path.join(PROJECT_ROOT, 'plugins'));
      const writers = files.filter((f) => readFileSync(f, 'utf8').includes("'audit_log'")).map((f) => path.relative(PROJECT_ROOT, f));
      expect(writers).to.deep.equal(['server/repositories/audit-log.repository.ts']);
    });
  });

});
