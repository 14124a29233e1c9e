import { expect } from 'chai';
import request from 'supertest';
import { totpCode } from '../../server/auth/totp.js';
import { buildAdmin, buildClient, PASSWORD } from '../support/factories.js';
import { csrfFrom, csrfToken, loginAs, type Agent } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';

const STEP_MS = 30_000;

/** The key an enrolment page shows, without its spaces. */
const secretOn = (html: string) => /class="totp-secret">([^<]+)</.exec(html)![1].replace(/\s+/g, '');
const recoveryCodesOn = (html: string) => [...html.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);

describe(`two-factor sign-in (${dialect})`, function () {
  this.timeout(60_000);
  let now = Date.parse('2026-12-03T10:00:00Z');
  const clock = () => new Date(now);
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ clock, env: { SIGN_IN_LIMIT_ADDRESS: '1000' } });
  });
  after(() => t.close());

  /** Enrols a signed-in user from their account page; returns the secret and the recovery codes. */
  async function enrol(agent: Agent, base: string): Promise<{ secret: string; codes: string[] }> {
    const page = await agent.get(`${base}/two-factor`).expect(200);
    expect(page.text).to.contain('src="data:image/png;base64,');
    const secret = secretOn(page.text);
    const wrong = await agent.post(`${base}/two-factor`).type('form').send({ _csrf: csrfFrom(page.text), code: '000000' });
    expect(wrong.status).to.equal(422);
    // the same secret is offered again until the enrolment is confirmed
    expect(secretOn(wrong.text)).to.equal(secret);
    const done = await agent.post(`${base}/two-factor`).type('form').send({ _csrf: csrfFrom(wrong.text), code: await totpCode(secret, clock()) });
    expect(done.status).to.equal(200);
    const codes = recoveryCodesOn(done.text);
    expect(codes).to.have.length(10);
    expect(new Set(codes).size).to.equal(10);
    return { secret, codes };
  }

  /** A password sign-in; answers the agent and where it was sent. */
  async function password(email: string, loginPath = '/admin/login', agent = request.agent(t.app)) {
    const token = await csrfToken(agent, loginPath);
    const res = await agent.post(loginPath).type('form').send({ _csrf: token, email, password: PASSWORD });
    return { agent, res };
  }

  async function code(agent: Agent, value: string, path = '/admin/login/code') {
    const page = await agent.get(path);
    if (page.status !== 200) return page;
    return agent.post(path).type('form').send({ _csrf: csrfFrom(page.text), code: value });
  }

  it('stores the secret sealed and the recovery codes hashed, and asks for a code at the next sign-in that no admin URL skips', async () => {
    const admin = await buildAdmin(t.c);
    const { agent } = await loginAs(t.app, admin.email, 'admin');
    const { secret, codes } = await enrol(agent, '/admin/account');
    const row = await t.c.db('users').where({ id: admin.id }).first();
    expect(row.totp_secret).to.match(/^v1:/).and.not.contain(secret);
    const stored = (await t.c.db('user_recovery_codes').where({ user_id: admin.id })).map((r: { code_hash: string }) => r.code_hash);
    expect(stored).to.have.length(10);
    for (const c of codes) expect(stored.join()).not.to.contain(c);

    const { agent: next, res } = await password(admin.email);
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/admin/login/code');
    for (const path of ['/admin', '/admin/clients', '/admin/account', '/admin/settings']) {
      const r = await next.get(path);
      expect(r.status, path).to.equal(302);
      expect(r.headers.location, path).to.match(/^\/admin\/login\?next=/);
    }
    now += STEP_MS;
    const ok = await code(next, await totpCode(secret, clock()));
    expect(ok.status).to.equal(302);
    expect(ok.headers.location).to.equal('/admin');
    expect((await next.get('/admin')).status).to.equal(200);
  });

  it('accepts a code once, a step of clock skew either way, and each recovery code once', async () => {
    const admin = await buildAdmin(t.c);
    const { agent } = await loginAs(t.app, admin.email, 'admin');
    const { secret, codes } = await enrol(agent, '/admin/account');
    now += STEP_MS;
    const current = await totpCode(secret, clock());
    const first = await password(admin.email);
    expect((await code(first.agent, current)).status).to.equal(302);
    // the same code again (replayed within its 30 s) is refused
    const replay = await password(admin.email);
    expect((await code(replay.agent, current)).status).to.equal(401);
    // the phone a step behind and a step ahead
    now += 3 * STEP_MS;
    const behind = await password(admin.email);
    expect((await code(behind.agent, await totpCode(secret, new Date(now - STEP_MS)))).status).to.equal(302);
    now += 3 * STEP_MS;
    const ahead = await password(admin.email);
    expect((await code(ahead.agent, await totpCode(secret, new Date(now + STEP_MS)))).status).to.equal(302);
    now += 3 * STEP_MS;
    const tooFar = await password(admin.email);
    expect((await code(tooFar.agent, await totpCode(secret, new Date(now - 3 * STEP_MS)))).status).to.equal(401);
    const recovery = await password(admin.email);
    expect((await code(recovery.agent, codes[3].toUpperCase())).status).to.equal(302);
    const again = await password(admin.email);
    expect((await code(again.agent, codes[3])).status).to.equal(401);
    expect(Number((await t.c.db('user_recovery_codes').where({ user_id: admin.id }).whereNull('used_at').count({ n: '*' }))[0].n)).to.equal(9);
  });

  it('limits wrong codes like wrong passwords: past 5 for the account from one address the answer is 429 with Retry-After', async () => {
    const admin = await buildAdmin(t.c);
    const { agent } = await loginAs(t.app, admin.email, 'admin');
    const { secret } = await enrol(agent, '/admin/account');
    const { agent: next } = await password(admin.email);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await code(next, '123456')).status);
    expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 429]);
    const locked = await code(next, await totpCode(secret, clock()));
    expect(locked.status).to.equal(429);
    expect(Number(locked.headers['retry-after'])).to.be.greaterThan(0);
  });

  it('a pending code step ends after 5 minutes', async () => {
    const admin = await buildAdmin(t.c);
    const { agent } = await loginAs(t.app, admin.email, 'admin');
    const { secret } = await enrol(agent, '/admin/account');
    const { agent: next } = await password(admin.email);
    now += 6 * 60_000;
    const late = await code(next, await totpCode(secret, clock()));
    expect(late.status).to.equal(302);
    expect(late.headers.location).to.equal('/admin/login');
  });

  it('turns off only with the password and a code', async () => {
    const admin = await buildAdmin(t.c);
    const { agent, csrf } = await loginAs(t.app, admin.email, 'admin');
    const { secret } = await enrol(agent, '/admin/account');
    now += STEP_MS;
    const wrongPassword = await agent.post('/admin/account/two-factor/disable').type('form').send({ _csrf: csrf, password: 'not the password', code: await totpCode(secret, clock()) });
    expect(wrongPassword.status).to.equal(422);
    const wrongCode = await agent.post('/admin/account/two-factor/disable').type('form').send({ _csrf: csrf, password: PASSWORD, code: '000000' });
    expect(wrongCode.status).to.equal(422);
    expect(wrongCode.text).to.contain('is not a current code');
    const off = await agent.post('/admin/account/two-factor/disable').type('form').send({ _csrf: csrf, password: PASSWORD, code: await totpCode(secret, clock()) });
    expect(off.status).to.equal(302);
    const { res } = await password(admin.email);
    expect(res.headers.location).to.equal('/admin');
  });

  it('is optional for customers, on /account, and then asked at /login', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    const { secret } = await enrol(agent, '/account');
    const { agent: next, res } = await password(client.email, '/login');
    expect(res.headers.location).to.equal('/login/code');
    expect((await next.get('/')).status).to.equal(302);
    now += STEP_MS;
    const ok = await code(next, await totpCode(secret, clock()), '/login/code');
    expect(ok.headers.location).to.equal('/');
    // an admin's code page is not a customer's
    const other = await password(client.email, '/login');
    expect((await other.agent.get('/admin/login/code')).status).to.equal(302);
  });

  describe('ADMIN_2FA=required', () => {
    let r: TestApp;
    before(async () => {
      r = await buildTestApp({ clock, env: { ADMIN_2FA: 'required', SIGN_IN_LIMIT_ADDRESS: '1000' } });
    });
    after(() => r.close());

    it('makes an admin without a second factor enrol before any admin page opens; customers are not asked', async () => {
      const admin = await buildAdmin(r.c);
      const agent = request.agent(r.app);
      const form = await csrfToken(agent, '/admin/login');
      const res = await agent.post('/admin/login').type('form').send({ _csrf: form, email: admin.email, password: PASSWORD });
      expect(res.headers.location).to.equal('/admin/login/enrol');
      expect((await agent.get('/admin')).status).to.equal(302);
      const page = await agent.get('/admin/login/enrol').expect(200);
      const secret = secretOn(page.text);
      const done = await agent.post('/admin/login/enrol').type('form').send({ _csrf: csrfFrom(page.text), code: await totpCode(secret, clock()) });
      expect(done.status).to.equal(200);
      expect(recoveryCodesOn(done.text)).to.have.length(10);
      expect((await agent.get('/admin')).status).to.equal(200);
      // the next sign-in asks for the code
      const again = request.agent(r.app);
      const againForm = await csrfToken(again, '/admin/login');
      const second = await again.post('/admin/login').type('form').send({ _csrf: againForm, email: admin.email, password: PASSWORD });
      expect(second.headers.location).to.equal('/admin/login/code');

      // and it stays on
      const signedIn = (await agent.get('/admin/account').expect(200)).text;
      expect(signedIn).to.contain('it stays on').and.not.contain('Turn two-factor sign-in off');
      now += STEP_MS;
      const off = await agent.post('/admin/account/two-factor/disable').type('form').send({ _csrf: csrfFrom(signedIn), password: PASSWORD, code: await totpCode(secret, clock()) });
      expect(off.status).to.equal(422);
      expect((await r.c.repos.twoFactor.state(admin.id)).enabled).to.equal(true);

      const client = await buildClient(r.c);
      const customer = request.agent(r.app);
      const customerForm = await csrfToken(customer, '/login');
      const signIn = await customer.post('/login').type('form').send({ _csrf: customerForm, email: client.email, password: PASSWORD });
      expect(signIn.headers.location).to.equal('/');
    });
  });
});
