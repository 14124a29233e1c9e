import { Writable } from 'node:stream';
import { expect } from 'chai';
import request from 'supertest';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { createLogger } from '../../server/logger.js';
import { startTsx } from '../support/child-process.js';
import { buildActiveService, buildAdmin, buildApiToken, buildClient, buildMeteredProduct } from '../support/factories.js';
import { loginAs } from '../support/login.js';
import { buildTestApp, TEST_APP_KEY, type TestApp } from '../support/test-app.js';
import { childDatabaseUrl, dialect, freshDatabase } from '../support/test-db.js';

const PANEL_TOKEN = 'planted-panel-token-7f3a9c';
const VPN_PASSWORD = 'planted-vpn-pass-41d8';
// values a plugin hands over under keys that name secrets, each only ever under such a key
const BY_KEY: Record<string, string> = {
  pass: 'plant-by-key-pass',
  pwd: 'plant-by-key-pwd',
  passphrase: 'plant-by-key-phrase',
  auth: 'plant-by-key-auth',
  private: 'plant-by-key-private',
  pre_shared: 'plant-by-key-preshared',
  psk: 'plant-by-key-psk',
};
const NESTED = 'plant-by-key-credentials';

/** The module-log table of an admin service page. */
function moduleLogOf(html: string): string {
  const table = /<table class="table log">[\s\S]*?<\/table>/.exec(html)?.[0];
  expect(table, 'the module log table').to.be.a('string');
  return table as string;
}

/**
 * Issue 20's masking finding, replayed: secrets under pass, pwd, passphrase, auth, private, pre_shared,
 * credentials.pass, and secrets inside a panel's error message, reach the module log, the pages, the
 * API, the log output and the database; none may be found there afterwards.
 */
describe(`secret masking (${dialect})`, function () {
  this.timeout(60_000);
  const panel = new FakePanel({ token: PANEL_TOKEN });
  const logged: string[] = [];
  let t: TestApp;
  let apiToken: string;
  let serviceId: number;
  let databaseUrl: string;
  let planted: string[];

  before(async () => {
    const tdb = await freshDatabase();
    databaseUrl = childDatabaseUrl(tdb);
    const log = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (logged.push(String(chunk)), done()) }));
    t = await buildTestApp({ tdb, log });
    await panel.start();
    const { server, product } = await buildMeteredProduct(t.c, panel, { price_per_gb: '0.05', included_gb: 0 });
    const client = await buildClient(t.c);
    serviceId = await buildActiveService(t.c, panel, { clientId: client.id, productId: product.id, serverId: server.id, name: 'mask-1' });
    await t.c.repos.services.update(serviceId, { password: VPN_PASSWORD });
    apiToken = await buildApiToken(t.c);
    // this process learns an admin API token when it is first used
    expect((await request(t.app).get('/api/admin/clients').set('Authorization', `Bearer ${apiToken}`)).status).to.equal(200);
    planted = [PANEL_TOKEN, VPN_PASSWORD, apiToken, ...Object.values(BY_KEY), NESTED];
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  const api = (method: 'get' | 'post', path: string) => request(t.app)[method](path).set('Authorization', `Bearer ${apiToken}`);
  const expectNone = (where: string, text: string) => {
    for (const secret of planted) expect(text, `${where} holds ${secret}`).not.to.contain(secret);
  };

  it('masks what a plugin logs by key and by value, in the module log, its API and the admin page', async () => {
    // what a plugin's module-log writer hands the host (ServiceContext.log / HostData.moduleLog)
    await t.c.repos.moduleLog.write({
      serviceId,
      action: 'client:get',
      method: 'GET',
      path: `/api/v1/client/mask-1?api_key=${PANEL_TOKEN}`,
      request: { ...BY_KEY, credentials: { pass: NESTED }, headers: { Authorization: `Bearer ${PANEL_TOKEN}` } },
      response: { message: `client mask-1 has password ${VPN_PASSWORD}`, data: { note: `admin token was ${apiToken}` } },
      error: `the panel said: {"api_token": "${PANEL_TOKEN}"} is not valid for ${VPN_PASSWORD}`,
    });
    const fromApi = await api('get', `/api/admin/services/${serviceId}/module-log`);
    expect(fromApi.status).to.equal(200);
    expectNone('the module-log API', JSON.stringify(fromApi.body));
    expect(JSON.stringify(fromApi.body)).to.contain('***');
    const admin = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
    const page = await admin.agent.get(`/admin/services/${serviceId}`);
    expect(page.status).to.equal(200);
    // the page itself offers the admin the VPN password (hidden until Show): its module log does not
    expectNone('the admin service page\'s module log', moduleLogOf(page.text));
  });

  it('masks a panel error quoting the token and the VPN password wherever the failure is shown', async () => {
    panel.notOk('PUT /client/:name', `ERROR: token ${PANEL_TOKEN} cannot change ${VPN_PASSWORD}`, 2);
    const res = await api('post', `/api/admin/services/${serviceId}/actions/change-package`);
    expect(res.status).to.be.within(400, 599);
    expectNone('the API error', JSON.stringify(res.body));
    const service = await api('get', `/api/admin/services/${serviceId}`);
    expect(service.body.last_error).to.be.a('string');
    expectNone('the service', JSON.stringify(service.body));
    const admin = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
    const after = await admin.agent.post(`/admin/services/${serviceId}/actions/change-package`).type('form').send({ _csrf: admin.csrf });
    expect(after.status).to.equal(302);
    const page = await admin.agent.get(`/admin/services/${serviceId}`);
    const notice = /<div class="notice[^>]*>([\s\S]*?)<\/div>/.exec(page.text)?.[1] ?? '';
    expect(notice).to.contain('change-package failed');
    expectNone('the notice', notice);
    expectNone('the module log', moduleLogOf(page.text));
  });

  it('masks the log output: keys, messages, errors and plugin lines', async () => {
    t.c.log.info({ request: { api_token: PANEL_TOKEN, credentials: { pass: NESTED } }, detail: `answer quoted ${VPN_PASSWORD}` }, `sign-in with ${apiToken}`);
    t.c.log.error(new Error(`connect failed with ${PANEL_TOKEN}`));
    t.c.log.child({ plugin: 'puqvpncp' }).warn({ pass: BY_KEY.pass, pre_shared: BY_KEY.pre_shared, note: `with ${VPN_PASSWORD}` }, 'plugin line');
    expect(logged.length).to.be.greaterThan(2);
    expectNone('the log output', logged.join(''));
    expect(logged.join('')).to.contain('***');
  });

  it('leaves none of them in clear in any table', async () => {
    const tables = ['module_log', 'services', 'servers', 'api_tokens', 'job_runs', 'sessions', 'settings', 'users', 'usage_pulls', 'sign_in_limits'];
    for (const table of tables) expectNone(`table ${table}`, JSON.stringify(await t.c.db(table).select('*')));
  });

  it('masks, in a fresh process writing to its stdout, the secrets it only read from the database', async () => {
    const run = startTsx('test/integration/secret-masking-child.ts', { DATABASE_URL: databaseUrl, APP_KEY: TEST_APP_KEY, NODE_ENV: 'production', LOG_LEVEL: 'info', PLANTED_TOKEN: PANEL_TOKEN, PLANTED_PASSWORD: VPN_PASSWORD });
    expect(await run.exited, run.stderr()).to.equal(0);
    const lines = run.stdout().trim().split('\n');
    expect(lines.length).to.be.at.least(3);
    for (const secret of [PANEL_TOKEN, VPN_PASSWORD]) expect(run.stdout()).not.to.contain(secret);
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).to.deep.equal(['VPN password *** rejected', 'connect failed with ***', 'plugin line']);
  });
});
