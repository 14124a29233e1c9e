/**
 * The customer's account page: name, password (current one required), email (confirmed by a link to the
 * new address, the old one kept until then) and the list of signed-in sessions with "sign out everywhere
 * else". Bad input gets a clear message with the typed values kept, and nothing of it is saved.
 */
import { expect } from 'chai';
import request from 'supertest';
import { verifyPassword } from '../../server/auth/password.js';
import { buildClient, PASSWORD } from '../support/factories.js';
import { csrfFrom, loginAs, type Agent } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';

const NEW_PASSWORD = 'a brand new passphrase';

describe(`account page (${dialect})`, function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ env: { PUBLIC_URL: 'https://portal.example.test' } });
  });
  after(() => t.close());

  async function post(agent: Agent, path: string, body: Record<string, string>) {
    const page = await agent.get('/account').expect(200);
    return agent.post(path).type('form').send({ _csrf: csrfFrom(page.text), ...body });
  }
  const hashOf = async (id: number) => (await t.c.db('users').where({ id }).first()).password_hash as string;

  it('changes the name, and refuses an empty or overlong one with the typed value kept', async () => {
    const client = await buildClient(t.c, { name: 'Old Name' });
    const { agent } = await loginAs(t.app, client.email);
    const long = 'x'.repeat(201);
    const bad = await post(agent, '/account/name', { name: long });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.include('Name is at most 200 characters').and.to.include(`value="${long}"`);
    expect((await t.c.repos.users.findById(client.id))?.name).to.equal('Old Name');
    expect((await post(agent, '/account/name', { name: '  ' })).text).to.include('Name is required');
    expect((await post(agent, '/account/name', { name: 'New Name' })).status).to.equal(302);
    expect((await t.c.repos.users.findById(client.id))?.name).to.equal('New Name');
  });

  it('changes the password only with the current one, keeps this session and ends the others', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    const { agent: laptop } = await loginAs(t.app, client.email);
    const before = await hashOf(client.id);
    const wrong = await post(agent, '/account/password', { current_password: 'not my password', password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
    expect(wrong.status).to.equal(422);
    expect(wrong.text).to.include('is not your current password').and.to.include('Nothing was saved');
    expect(wrong.text).not.to.include(NEW_PASSWORD);
    const mismatch = await post(agent, '/account/password', { current_password: PASSWORD, password: NEW_PASSWORD, password_confirm: 'a different passphrase' });
    expect(mismatch.text).to.include('The two passwords differ');
    const short = await post(agent, '/account/password', { current_password: PASSWORD, password: 'short', password_confirm: 'short' });
    expect(short.text).to.include('at least 10 characters');
    expect(await hashOf(client.id)).to.equal(before);
    expect((await laptop.get('/account')).status).to.equal(200);
    expect((await post(agent, '/account/password', { current_password: PASSWORD, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD })).status).to.equal(302);
    expect(await verifyPassword(await hashOf(client.id), NEW_PASSWORD)).to.equal(true);
    expect((await agent.get('/account')).status).to.equal(200);
    expect((await laptop.get('/account').redirects(0)).headers.location).to.match(/^\/login/);
  });

  it('changes the email only after the link mailed to the new address is followed, once', async () => {
    const client = await buildClient(t.c);
    const taken = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    const noPassword = await post(agent, '/account/email', { email: 'fresh@example.test', current_password: 'wrong one' });
    expect(noPassword.status).to.equal(422);
    expect(noPassword.text).to.include('is not your current password').and.to.include('value="fresh@example.test"');
    const used = await post(agent, '/account/email', { email: taken.email, current_password: PASSWORD });
    expect(used.text).to.include('is used by another account');
    const malformed = await post(agent, '/account/email', { email: 'no-at-sign', current_password: PASSWORD });
    expect(malformed.text).to.include('Email is not a valid address');
    expect(await t.c.repos.mailOutbox.list({ kind: 'email_change', to: 'fresh@example.test' })).to.have.length(0);

    expect((await post(agent, '/account/email', { email: 'Fresh@Example.test', current_password: PASSWORD })).status).to.equal(302);
    const account = await agent.get('/account');
    expect(account.text).to.include('A confirmation link was mailed to fresh@example.test');
    expect((await t.c.repos.users.findById(client.id))?.email).to.equal(client.email);
    const [mail] = await t.c.repos.mailOutbox.list({ kind: 'email_change', to: 'fresh@example.test' });
    const token = String(mail.payload.token);
    // opening the link changes nothing (mail scanners open links); its button does
    const visitor = request.agent(t.app);
    const confirm = await visitor.get(`/account/email/${token}`).expect(200);
    expect((await t.c.repos.users.findById(client.id))?.email).to.equal(client.email);
    const done = await visitor.post(`/account/email/${token}`).type('form').send({ _csrf: csrfFrom(confirm.text) });
    expect(done.status).to.equal(200);
    expect(done.text).to.include('fresh@example.test');
    expect((await t.c.repos.users.findById(client.id))?.email).to.equal('fresh@example.test');
    expect((await visitor.get(`/account/email/${token}`)).status).to.equal(410);
    await loginAs(t.app, 'fresh@example.test');
  });

  it('does not take an address someone else took after the link was mailed', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    await post(agent, '/account/email', { email: 'contested@example.test', current_password: PASSWORD });
    const [mail] = await t.c.repos.mailOutbox.list({ kind: 'email_change', to: 'contested@example.test' });
    await buildClient(t.c, { email: 'contested@example.test' });
    const visitor = request.agent(t.app);
    const page = await visitor.get(`/account/email/${String(mail.payload.token)}`);
    const res = await visitor.post(`/account/email/${String(mail.payload.token)}`).type('form').send({ _csrf: csrfFrom(page.text) });
    expect(res.status).to.equal(409);
    expect(res.text).to.include('now used by another account');
    expect((await t.c.repos.users.findById(client.id))?.email).to.equal(client.email);
  });

  it('lists the customer\'s sessions and signs out all the others', async () => {
    const client = await buildClient(t.c);
    const other = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    const { agent: tablet } = await loginAs(t.app, client.email);
    const { agent: stranger } = await loginAs(t.app, other.email);
    const page = await agent.get('/account').set('User-Agent', 'x').expect(200);
    expect((page.text.match(/<tr><td>/g) ?? []).length).to.equal(2);
    expect(page.text).to.include('this browser');
    // no session id is ever shown
    for (const row of await t.c.db('sessions').select('sid')) expect(page.text).not.to.include(row.sid);
    expect((await post(agent, '/account/sessions/end-others', {})).status).to.equal(302);
    expect((await tablet.get('/account').redirects(0)).headers.location).to.match(/^\/login/);
    expect((await agent.get('/account')).status).to.equal(200);
    expect((await stranger.get('/')).status).to.equal(200);
  });
});
