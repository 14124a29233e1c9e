/**
 * Password reset (admin-api.md "Password reset") on a fixed clock: the same answer whether the address
 * exists, a single-use link valid 60 minutes, stored hashed, for its own user and form only; limits per
 * email and per network address; every session of the user ended; the account's sign-in locks cleared,
 * so strangers' failed sign-ins never stand in the owner's way.
 */
import { expect } from 'chai';
import request from 'supertest';
import { buildAdmin, buildClient, PASSWORD } from '../support/factories.js';
import { csrfFrom, loginAs } from '../support/login.js';
import { burst, listen, openSignIn, signIn } from '../support/sign-in.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';

const MINUTE = 60_000;
const NEW_PASSWORD = 'a brand new passphrase';

describe(`password reset (${dialect})`, function () {
  this.timeout(60_000);
  let now = Date.parse('2026-12-03T10:00:00Z');
  let t: TestApp;
  let ip = 1;
  const nextIp = () => `203.0.113.${ip++}`;

  before(async () => {
    t = await buildTestApp({ clock: () => new Date(now), env: { TRUST_PROXY: '1', PUBLIC_URL: 'https://portal.example.test' } });
  });
  after(() => t.close());

  /** Posts the forgot form from a fresh visitor at `from`; returns the answer. */
  async function forgot(email: string, options: { admin?: boolean; from?: string } = {}) {
    const base = options.admin ? '/admin' : '';
    const agent = request.agent(t.app);
    const page = await agent.get(`${base}/forgot`).set('X-Forwarded-For', options.from ?? nextIp()).expect(200);
    return agent.post(`${base}/forgot`).set('X-Forwarded-For', options.from ?? nextIp()).type('form').send({ _csrf: csrfFrom(page.text), email });
  }

  /** The token of the newest reset mail to `email` (read from the outbox, as an admin could not). */
  async function tokenFor(email: string): Promise<string> {
    const [mail] = await t.c.repos.mailOutbox.list({ to: email, kind: 'password_reset' });
    return String(mail.payload.token);
  }

  async function reset(token: string, password: string, options: { admin?: boolean; confirm?: string } = {}) {
    const base = options.admin ? '/admin' : '';
    const agent = request.agent(t.app);
    const page = await agent.get(`${base}/reset/${token}`);
    if (page.status !== 200) return page;
    return agent.post(`${base}/reset/${token}`).type('form').send({ _csrf: csrfFrom(page.text), password, password_confirm: options.confirm ?? password });
  }

  it('answers the same page whether the address has an account or not, and mails only an existing one', async () => {
    const client = await buildClient(t.c);
    const known = await forgot(client.email);
    const unknown = await forgot('nobody-here@example.test');
    expect(known.status).to.equal(200);
    expect(unknown.status).to.equal(200);
    const strip = (html: string, email: string) => html.split(email).join('EMAIL').replace(/name="_csrf" value="[^"]*"/g, '').replace(/content="[^"]*"/g, '');
    expect(strip(known.text, client.email)).to.equal(strip(unknown.text, 'nobody-here@example.test'));
    expect(await t.c.repos.mailOutbox.list({ to: client.email, kind: 'password_reset' })).to.have.length(1);
    expect(await t.c.repos.mailOutbox.list({ to: 'nobody-here@example.test' })).to.have.length(0);
    // a customer's address at the admin form mails nothing either
    await forgot(client.email, { admin: true });
    expect(await t.c.repos.mailOutbox.list({ to: client.email, kind: 'password_reset' })).to.have.length(1);
  });

  it('refuses a malformed address with a message and keeps what was typed', async () => {
    const res = await forgot('not-an-address');
    expect(res.status).to.equal(422);
    expect(res.text).to.include('Email is not a valid address').and.to.include('value="not-an-address"');
  });

  it('sets the password once per link, ends every session of the user, and the link then no longer works', async () => {
    const client = await buildClient(t.c);
    const { agent: phone } = await loginAs(t.app, client.email);
    await forgot(client.email);
    const token = await tokenFor(client.email);
    const res = await reset(token, NEW_PASSWORD);
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/login?reset=done');
    // the session signed in before is over
    expect((await phone.get('/').redirects(0)).headers.location).to.match(/^\/login/);
    await loginAs(t.app, client.email, 'client', NEW_PASSWORD);
    const again = await reset(token, 'yet another passphrase');
    expect(again.status).to.equal(410);
    expect(again.text).to.include('expired or was already used');
    await loginAs(t.app, client.email, 'client', NEW_PASSWORD);
  });

  it('refuses a link after 60 minutes, and a newer link replaces an older one', async () => {
    const client = await buildClient(t.c);
    await forgot(client.email);
    const first = await tokenFor(client.email);
    now += 61 * MINUTE;
    expect((await reset(first, NEW_PASSWORD)).status).to.equal(410);
    await forgot(client.email);
    const second = await tokenFor(client.email);
    await forgot(client.email);
    const third = await tokenFor(client.email);
    expect((await reset(second, NEW_PASSWORD)).status).to.equal(410);
    now += 59 * MINUTE;
    expect((await reset(third, NEW_PASSWORD)).status).to.equal(302);
  });

  it('changes only the user the link was made for, and not at the other role\'s form', async () => {
    const client = await buildClient(t.c);
    const other = await buildClient(t.c);
    const admin = await buildAdmin(t.c);
    await forgot(client.email);
    const token = await tokenFor(client.email);
    expect((await reset(token, NEW_PASSWORD, { admin: true })).status).to.equal(410);
    await forgot(admin.email, { admin: true });
    const adminToken = await tokenFor(admin.email);
    expect((await reset(adminToken, NEW_PASSWORD)).status).to.equal(410);
    // each link still works at its own form, for its own user only
    expect((await reset(token, NEW_PASSWORD)).status).to.equal(302);
    expect((await reset(adminToken, NEW_PASSWORD, { admin: true })).headers.location).to.equal('/admin/login?reset=done');
    await loginAs(t.app, other.email);
    await loginAs(t.app, admin.email, 'admin', NEW_PASSWORD);
    expect((await reset('x'.repeat(43), NEW_PASSWORD)).status).to.equal(410);
  });

  it('refuses a short or mismatched password with a message beside the field, and keeps the link usable', async () => {
    const client = await buildClient(t.c);
    await forgot(client.email);
    const token = await tokenFor(client.email);
    const short = await reset(token, 'short');
    expect(short.status).to.equal(422);
    expect(short.text).to.include('at least 10 characters').and.to.include('Nothing was saved');
    const mismatch = await reset(token, NEW_PASSWORD, { confirm: 'something else entirely' });
    expect(mismatch.status).to.equal(422);
    expect(mismatch.text).to.include('The two passwords differ');
    expect(mismatch.text).not.to.include(NEW_PASSWORD);
    await loginAs(t.app, client.email);
    expect((await reset(token, NEW_PASSWORD)).status).to.equal(302);
  });

  it('limits requests per email address and per network address, for unknown addresses alike', async () => {
    const client = await buildClient(t.c);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await forgot(client.email)).status);
    expect(answers).to.deep.equal([200, 200, 200, 429]);
    const unknown = [];
    for (let i = 0; i < 4; i++) unknown.push((await forgot('ghost@example.test')).status);
    expect(unknown).to.deep.equal([200, 200, 200, 429]);
    const limited = await forgot(client.email);
    expect(Number(limited.headers['retry-after'])).to.be.within(1, 3600);
    expect(await t.c.repos.mailOutbox.list({ to: client.email, kind: 'password_reset' })).to.have.length(3);
    const fromOne = [];
    for (let i = 0; i < 21; i++) fromOne.push((await forgot(`someone${i}@example.test`, { from: '198.51.100.77' })).status);
    expect(fromOne.filter((s) => s === 429)).to.have.length(1);
    now += 61 * MINUTE;
    expect((await forgot(client.email)).status).to.equal(200);
  });

  it('works whatever strangers tried, and clears the sign-in locks they caused for the owner', async () => {
    const server = await listen(t.app);
    try {
      const owner = await buildClient(t.c);
      const form = await openSignIn(server.url);
      // a stranger fills the owner's (account, address) window and the address's from one place
      await burst(server.url, form, Array.from({ length: 30 }, () => ({ email: owner.email, password: 'wrong guess', xff: '198.51.100.66' })));
      expect((await signIn(server.url, form, { email: owner.email, password: PASSWORD, xff: '198.51.100.66' })).status).to.equal(429);
      // the reset from the owner's own address is not held up by them
      await forgot(owner.email, { from: '203.0.113.200' });
      expect((await reset(await tokenFor(owner.email), NEW_PASSWORD)).status).to.equal(302);
      // the owner's account is no longer locked: from another address at once, and the pair's lock is gone
      expect((await signIn(server.url, form, { email: owner.email, password: NEW_PASSWORD, xff: '203.0.113.201' })).status).to.equal(302);
      const pairRows = await t.c.db('sign_in_limits').whereNotNull('account');
      expect(pairRows.filter((r: { locked_until: number | string }) => Number(r.locked_until) > now)).to.have.length(0);
    } finally {
      await server.close();
    }
  });
});
