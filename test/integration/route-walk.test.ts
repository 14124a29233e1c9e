import { expect } from 'chai';
import request from 'supertest';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../plugins/puqvpncp/server/product-config.js';
import { generateInvoicesNow } from '../../server/domain/billing/run-invoice-generation.js';
import { collectUsageNow } from '../../server/domain/billing/run-usage-collection.js';
import { appRoutes, type AppRoute } from '../support/app-routes.js';
import { STACK } from '../support/child-process.js';
import { buildActiveService, buildAdmin, buildApiToken, buildClient, buildGroupWithServer, buildMeteredProduct, PASSWORD } from '../support/factories.js';
import { csrfToken, loginAs, type Agent } from '../support/login.js';
import { hashPassword } from '../../server/auth/password.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';

/** Values no column takes: each is sent alone among otherwise sound values. */
const ATTACKS: { name: string; value: string | number; refusedBy: 'guard' | 'schema' }[] = [
  { name: 'NUL byte', value: 'a\u0000b', refusedBy: 'guard' },
  { name: 'control character', value: 'bell\u0007', refusedBy: 'guard' },
  { name: '10,000 characters', value: 'x'.repeat(10_000), refusedBy: 'schema' },
  { name: 'id 2^31', value: 2_147_483_648, refusedBy: 'schema' },
  { name: '20-digit number', value: '99999999999999999999', refusedBy: 'schema' },
];
const OUT_OF_RANGE_IDS = ['2147483648', '99999999999999999999'];

/** Sound bodies for routes that take one, so a mutated field is the only thing wrong. */
function soundBodies(ids: Record<string, number>, panel: FakePanel): Record<string, Record<string, unknown>> {
  // the fake panel itself: a request that is accepted (a query value nothing stores) keeps the world working
  const origin = new URL(panel.origin);
  const server = { name: 'walk server', hostname: origin.hostname, port: Number(origin.port), api_token: panel.token, server_group_id: ids.group };
  const config = defaultProductConfig() as unknown as Record<string, unknown>;
  return {
    'post /api/admin/server-groups': { name: 'walk group' },
    'post /api/admin/servers': server,
    'put /api/admin/servers/:id': server,
    'post /api/admin/products': { name: 'walk product', server_group_id: ids.group, module: 'puqvpncp' },
    'put /api/admin/products/:id/config': { ...config, networks: [{ server_id: ids.server, network: 'main' }] },
    'post /api/admin/clients': { email: 'walk@example.test', name: 'Walk', password: PASSWORD },
    'put /api/admin/clients/:id': { name: 'Walk' },
    'post /api/admin/services': { client_id: ids.client, product_id: ids.product, server_id: ids.server },
    'put /api/admin/services/:id/options': { b_download: 10, b_upload: 10 },
    'post /api/admin/usage/collect': { date: '2026-10-31' },
    'post /api/admin/invoices/generate': { period: '2026-10' },
    'post /login': { email: 'walk@example.test', password: PASSWORD },
    'post /admin/login': { email: 'walk@example.test', password: PASSWORD },
    'post /admin/clients': { name: 'Walk', email: 'walk2@example.test', password: PASSWORD },
    'post /admin/clients/:id': { name: 'Walk', email: 'walk3@example.test', password: '' },
    'post /admin/server-groups': { name: 'walk group' },
    'post /admin/server-groups/:id': { name: 'walk group' },
    'post /admin/servers': server,
    'post /admin/servers/:id': server,
    'post /admin/products': { name: 'walk product', server_group_id: ids.group, module: 'puqvpncp' },
    'post /admin/products/:id': { name: 'walk product', server_group_id: ids.group },
    'post /admin/services': { client_id: ids.client, product_id: ids.product },
    'post /admin/services/:id/options': { b_download: '10', b_upload: '10' },
    'post /admin/billing/collect': { date: '2026-10-31' },
    'post /admin/billing/invoices/generate': { period: '2026-10' },
    'post /admin/plugins/puqvpncp/products/:id/settings': { license_key: '', client_name_rule: 'vpn-{service_id}', instruction_url: '', show_password: 'button', pairs: `${ids.server}:main` },
  };
}

/** The sound value of a path parameter, from the segment before it. */
function paramValue(route: AppRoute, name: string, ids: Record<string, number>): string {
  const before = route.path.split('/').at(route.path.split('/').indexOf(`:${name}`) - 1) ?? '';
  if (name === 'action') return 'change-package';
  if (name === 'protocol' || name === 'protocol.json') return 'wireguard';
  // the servers' own routes edit a spare server: an accepted edit must not cut the service off its panel
  const byResource: Record<string, number> = { services: ids.service, servers: ids.spareServer, products: ids.product, clients: ids.client, 'server-groups': ids.group, invoices: ids.invoice };
  return String(byResource[before] ?? 1);
}

/**
 * The route walk of issue 20: every route of the app, enumerated from its router, gets each attack in
 * its path, its query and each field of its body, and must answer it as a client error (never a 500,
 * never a stack). What only the database would have refused (a NUL in PostgreSQL text, an id past its
 * integer columns) is refused first, naming the field.
 */
describe(`route walk with values the database refuses (${dialect})`, function () {
  this.timeout(300_000);
  const panel = new FakePanel();
  let t: TestApp;
  let ids: Record<string, number>;
  let admin: { agent: Agent; csrf: string };
  let client: { agent: Agent; csrf: string };
  let token: string;
  const failures: string[] = [];

  before(async () => {
    t = await buildTestApp({ clock: () => new Date('2026-11-15T12:00:00Z') });
    await panel.start();
    const { server, product } = await buildMeteredProduct(t.c, panel, { price_per_gb: '0.05', included_gb: 0 });
    const customer = await buildClient(t.c);
    const service = await buildActiveService(t.c, panel, { clientId: customer.id, productId: product.id, serverId: server.id, name: 'walk-1' });
    panel.setTraffic('walk-1', '2026-10-10', 5_000_000_000, 1_000_000);
    await collectUsageNow(t.c.billing, { date: '2026-10-31' });
    const invoices = await generateInvoicesNow(t.c.billing, { period: '2026-10' });
    const spare = await buildGroupWithServer(t.c, panel.origin, panel.token);
    ids = { group: server.serverGroupId, server: server.id, spareServer: spare.server.id, product: product.id, client: customer.id, service, invoice: invoices.invoices[0].id };
    admin = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
    client = await loginAs(t.app, customer.email);
    token = await buildApiToken(t.c);
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  /** Sends one request as whoever may reach the route; a sign-out route gets a session of its own. */
  async function send(route: AppRoute, path: string, body: Record<string, unknown> | null, query: Record<string, string>) {
    const method = route.method as 'get' | 'post' | 'put';
    const api = path.startsWith('/api/');
    const anonymous = route.path === '/login' || route.path === '/admin/login';
    let who: { agent: Agent; csrf: string };
    if (route.path.startsWith('/logout')) who = await loginAs(t.app, (await buildClient(t.c)).email);
    else if (anonymous) {
      const agent = request.agent(t.app);
      who = { agent, csrf: await csrfToken(agent, route.path) };
    } else who = route.path.startsWith('/admin') ? admin : client;
    let req = api ? request(t.app)[method](path).set('Authorization', `Bearer ${token}`) : who.agent[method](path);
    req = req.query(query);
    if (method === 'get') return req;
    if (api) return req.send(body ?? {});
    const form = Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]));
    return req.type('form').send({ ...form, _csrf: who.csrf });
  }

  const statuses: Record<number, number> = {};
  /**
   * Checks one answer: no 500 and no stack (a 502-504 is the panel's own answer to a request that was
   * sound); a refusal the guard owes names the field it is about.
   */
  function judge(label: string, res: request.Response, expect400For?: string) {
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const problem = res.status >= 500 && ![502, 503, 504].includes(res.status) ? `answered ${res.status}` : STACK.test(res.text) ? 'showed a stack' : null;
    if (problem) return failures.push(`${label}: ${problem}`);
    if (expect400For === undefined) return;
    if (res.status !== 400) return failures.push(`${label}: answered ${res.status}, not 400`);
    const page = res.text.replace(/&#34;/g, '"');
    const phrase: Record<string, string> = { id: 'id out of range', path: 'address contains a control character' };
    const named = res.body?.fields ? Object.hasOwn(res.body.fields, expect400For) : page.includes(`"${expect400For}"`) || page.includes(phrase[expect400For] ?? '\u0000');
    if (!named) failures.push(`${label}: 400 without naming ${expect400For}`);
  }

  it('walks every route and answers each such value with a 4xx naming the field, never a 500', async () => {
    const routes = appRoutes(t.app);
    expect(routes.length).to.be.greaterThan(60);
    const bodies = soundBodies(ids, panel);
    let requests = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const params = [...route.path.matchAll(/:([\w.]+)/g)].map((m) => m[1]);
      const soundPath = params.reduce((p, name) => p.replace(`:${name}`, name.endsWith('.json') ? `${paramValue(route, name, ids)}.json` : paramValue(route, name, ids)), route.path);
      const body = route.method === 'get' ? null : (bodies[key] ?? { name: 'walk', id: ids.service });
      // an admin route's walk may have set the customer's password (signing them out everywhere): the
      // customer's own routes are walked signed in
      if (!route.path.startsWith('/admin') && !route.path.startsWith('/api/') && (await client.agent.get('/').redirects(0)).status !== 200) {
        await t.c.repos.users.update(ids.client, { passwordHash: await hashPassword(PASSWORD) });
        client = await loginAs(t.app, (await t.c.repos.users.findById(ids.client))?.email ?? '');
      }

      // "sign in as customer" leaves the admin viewing the client area: the admin's routes are walked as the admin
      if (route.path.startsWith('/admin')) await admin.agent.post('/view-as/end').type('form').send({ _csrf: admin.csrf });

      // the path: each parameter out of range, or carrying a control character
      for (const name of params) {
        for (const bad of [...OUT_OF_RANGE_IDS, 'a%00b']) {
          const path = route.path.replace(/:([\w.]+)/g, (_m, n: string) => (n === name ? (n.endsWith('.json') ? `${bad}.json` : bad) : n.endsWith('.json') ? `${paramValue(route, n, ids)}.json` : paramValue(route, n, ids)));
          const expected = bad === 'a%00b' ? 'path' : /^\d+$/.test(bad) ? 'id' : undefined;
          judge(`${key} path ${name}=${bad}`, await send(route, path, body, {}), expected);
          requests++;
        }
      }
      // the query string
      for (const [field, value] of [['period', 'a\u0000b'], ['client_id', '2147483648'], ['service_id', '99999999999999999999'], ['next', 'x'.repeat(10_000)]] as const) {
        judge(`${key} query ${field}`, await send(route, soundPath, body, { [field]: value }), field === 'next' ? undefined : field);
        requests++;
      }
      // each field of the body
      for (const field of Object.keys(body ?? {})) {
        for (const attack of ATTACKS) {
          const res = await send(route, soundPath, { ...body, [field]: attack.value }, {});
          const byGuard = attack.refusedBy === 'guard' || (/(^|_)id$/.test(field) && /^\d+$/.test(String(attack.value)));
          judge(`${key} body ${field}=${attack.name}`, res, byGuard ? field : undefined);
          requests++;
        }
      }
      // a nested field (the product config's networks) and an unknown one
      if (body) {
        judge(`${key} nested server_id`, await send(route, soundPath, { ...body, networks: [{ server_id: 2_147_483_648, network: 'main' }] }, {}), route.path.startsWith('/api/') ? 'networks.0.server_id' : undefined);
        requests++;
      }
    }
    console.log(`      ${routes.length} routes, ${requests} requests; answers by status: ${JSON.stringify(statuses)}`);
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it('refuses an anonymous sign-in with a NUL or a 10,000-character email, naming the field, before counting it', async () => {
    const agent = request.agent(t.app);
    const csrf = await csrfToken(agent);
    const nul = await agent.post('/login').type('form').send({ _csrf: csrf, email: 'a\u0000@example.test', password: PASSWORD });
    expect(nul.status).to.equal(400);
    expect(nul.text.replace(/&#34;/g, '"')).to.contain('"email" contains a control character');
    const long = await agent.post('/login').type('form').send({ _csrf: csrf, email: `${'x'.repeat(10_000)}@example.test`, password: PASSWORD });
    expect(long.status).to.equal(422);
    expect(long.text).to.contain('Email is at most 254 characters');
    const json = await request(t.app).post('/api/admin/clients').set('Authorization', `Bearer ${token}`).send({ email: 'nul@example.test', name: 'N\u0000', password: PASSWORD });
    expect(json.status).to.equal(400);
    expect(json.body).to.deep.include({ fields: { name: 'contains a control character' } });
    const id = await request(t.app).post('/api/admin/services').set('Authorization', `Bearer ${token}`).send({ client_id: 2_147_483_648, product_id: ids.product });
    expect(id.status).to.equal(400);
    expect(id.body.fields).to.have.property('client_id');
  });
});
