import { expect } from 'chai';
import request from 'supertest';
import { purgeExpiredJob } from '../../server/jobs/purge-expired.job.js';
import { MEMO_TTL_MS } from '../../server/cache/read-memo.js';
import { runAdminCli } from '../support/child-process.js';
import { buildAdmin, buildApiToken, buildClient, PASSWORD } from '../support/factories.js';
import { csrfToken, loginAs, type Agent } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { childDatabaseUrl, dialect, freshDatabase } from '../support/test-db.js';

const DAY_MS = 24 * 3600 * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the agent is still signed in to the customer area. */
async function signedIn(agent: Agent, home = '/'): Promise<boolean> {
  const res = await agent.get(home);
  if (res.status === 200) return true;
  expect(res.status).to.equal(302);
  expect(res.headers.location).to.match(/login/);
  return false;
}

describe(`user sessions (${dialect})`, function () {
  this.timeout(60_000);
  let now = Date.parse('2026-11-20T10:00:00Z');
  let t: TestApp;
  let databaseUrl: string;
  before(async () => {
    const tdb = await freshDatabase();
    databaseUrl = childDatabaseUrl(tdb);
    // the visitors' test fails many sign-ins from loopback: the address limit must not stop the others
    t = await buildTestApp({ tdb, clock: () => new Date(now), env: { SIGN_IN_LIMIT_ADDRESS: '1000' } });
  });
  after(() => t.close());

  const rowsOf = async (userId: number) => Number((await t.c.db('sessions').where({ user_id: userId }).count({ n: '*' }))[0].n);
  const allRows = async () => Number((await t.c.db('sessions').count({ n: '*' }))[0].n);

  it('stores no session for visitors who have not signed in, whatever they open or send', async () => {
    const before = await allRows();
    const client = await buildClient(t.c);
    const visitor = request.agent(t.app);
    const token = await csrfToken(visitor);
    for (let i = 0; i < 50; i++) {
      await Promise.all([
        ...['/login', '/admin/login', '/', '/admin', '/invoices', '/no-such-page', '/login?next=%2Finvoices'].map((p) => request(t.app).get(p)),
        visitor.post('/login').type('form').send({ _csrf: token, email: `nobody${i}@example.test`, password: 'not it at all' }),
        request(t.app).post('/login').type('form').send({ email: client.email, password: PASSWORD }),
      ]);
    }
    expect(await allRows()).to.equal(before);
  });

  it('ends a session SESSION_MAX_DAYS (30) after sign-in however active it was, and never sends a cookie that outlives that', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    const start = now;
    let lastExpiry = 0;
    for (let day = 1; day < 30; day++) {
      now = start + day * DAY_MS;
      const res = await agent.get('/');
      expect(res.status, `day ${day}`).to.equal(200);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('vpncp.sid='));
      if (cookie) lastExpiry = Date.parse(/Expires=([^;]+)/.exec(cookie)![1]) - Date.now();
    }
    // renewed on day 29: what is left of the 30 days (one day), not another 7
    expect(lastExpiry).to.be.within(DAY_MS - 60_000, DAY_MS + 60_000);
    now = start + 30 * DAY_MS;
    expect(await signedIn(agent)).to.equal(false);
    expect(await rowsOf(client.id)).to.equal(0);
    now = start;
  });

  it('ends every session of a customer when an admin sets their password on the admin page, and keeps the admin signed in', async () => {
    const client = await buildClient(t.c);
    const phone = await loginAs(t.app, client.email);
    const laptop = await loginAs(t.app, client.email);
    const admin = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
    expect(await rowsOf(client.id)).to.equal(2);
    const res = await admin.agent.post(`/admin/clients/${client.id}`).type('form').send({ _csrf: admin.csrf, name: client.name, email: client.email, password: 'a brand new password' });
    expect(res.status).to.equal(302);
    expect(await signedIn(phone.agent)).to.equal(false);
    expect(await signedIn(laptop.agent)).to.equal(false);
    expect(await rowsOf(client.id)).to.equal(0);
    expect((await admin.agent.get('/admin')).status).to.equal(200);
    expect((await loginAs(t.app, client.email, 'client', 'a brand new password')).agent).to.be.an('object');
  });

  it('ends them when the API sets the password or disables the client', async () => {
    const token = await buildApiToken(t.c);
    const client = await buildClient(t.c);
    const first = await loginAs(t.app, client.email);
    const put = (body: object) => request(t.app).put(`/api/admin/clients/${client.id}`).set('Authorization', `Bearer ${token}`).send(body);
    expect((await put({ password: 'another new password' })).status).to.equal(200);
    expect(await signedIn(first.agent)).to.equal(false);
    const second = await loginAs(t.app, client.email, 'client', 'another new password');
    const disabled = await put({ disabled: true });
    expect(disabled.body).to.include({ disabled: true });
    expect(await signedIn(second.agent)).to.equal(false);
    expect(await rowsOf(client.id)).to.equal(0);
    const refused = await request(t.app).put(`/api/admin/clients/${client.id}`).set('Authorization', `Bearer ${token}`).send({ password: 'short' });
    expect(refused.status).to.equal(422);
    expect(refused.body.fields).to.have.property('password');
  });

  it('ends them when an admin disables the client on the admin page', async () => {
    const client = await buildClient(t.c);
    const session = await loginAs(t.app, client.email);
    const admin = await loginAs(t.app, (await buildAdmin(t.c)).email, 'admin');
    await admin.agent.post(`/admin/clients/${client.id}`).type('form').send({ _csrf: admin.csrf, name: client.name, email: client.email, password: '', disabled: 'on' });
    expect(await rowsOf(client.id)).to.equal(0);
    expect(await signedIn(session.agent)).to.equal(false);
    const page = await admin.agent.get(`/admin/clients/${client.id}`);
    expect(page.text).to.match(/name="disabled" checked/);
  });

  it('ends an admin\'s sessions when the CLI resets their password, in every process', async () => {
    const admin = await buildAdmin(t.c);
    const { agent } = await loginAs(t.app, admin.email, 'admin');
    expect(await signedIn(agent, '/admin')).to.equal(true);
    const run = await runAdminCli(databaseUrl, ['create-admin', '--email', admin.email, '--password', 'reset from the cli']);
    expect(run.code, run.stderr).to.equal(0);
    expect(await rowsOf(admin.id)).to.equal(0);
    // another process's change reaches this one's session memo within two TTLs
    await sleep(2 * MEMO_TTL_MS + 200);
    expect(await signedIn(agent, '/admin')).to.equal(false);
  });

  it('signs a user out on every device with "Sign out everywhere", and nobody else', async () => {
    const client = await buildClient(t.c);
    const other = await loginAs(t.app, (await buildClient(t.c)).email);
    const phone = await loginAs(t.app, client.email);
    const laptop = await loginAs(t.app, client.email);
    expect((await phone.agent.get('/')).text).to.contain('Sign out everywhere');
    const res = await phone.agent.post('/logout/everywhere').type('form').send({ _csrf: phone.csrf });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/login');
    expect(await signedIn(phone.agent)).to.equal(false);
    expect(await signedIn(laptop.agent)).to.equal(false);
    expect(await signedIn(other.agent)).to.equal(true);
  });

  it('purges expired session rows and leaves live ones', async () => {
    const client = await buildClient(t.c);
    await loginAs(t.app, client.email);
    const sess = JSON.stringify({ cookie: {} });
    await t.c.db('sessions').insert([
      { sid: 'expired-1', sess, expired: new Date(Date.now() - 1000).toISOString(), expires_at: Date.now() - 1000, user_id: client.id },
      { sid: 'legacy-1', sess, expired: new Date(Date.now() + DAY_MS).toISOString(), expires_at: null, user_id: null },
    ]);
    const result = (await purgeExpiredJob.run(t.c, { now: new Date(now) })) as { sessions: number };
    expect(result.sessions).to.be.at.least(2);
    expect(await t.c.db('sessions').whereIn('sid', ['expired-1', 'legacy-1'])).to.deep.equal([]);
    expect(await rowsOf(client.id)).to.equal(1);
  });
});

describe(`user sessions with SESSION_MAX_DAYS=2 (${dialect})`, () => {
  let now = Date.parse('2026-11-20T10:00:00Z');
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ clock: () => new Date(now), env: { SESSION_MAX_DAYS: '2', SESSION_IDLE_DAYS: '1' } });
  });
  after(() => t.close());

  it('ends the session two days after sign-in', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    now += DAY_MS + 3600_000;
    expect(await signedIn(agent)).to.equal(true);
    now += DAY_MS;
    expect(await signedIn(agent)).to.equal(false);
  });
});
