import { expect } from 'chai';
import request from 'supertest';
import { buildAdmin, buildClient, PASSWORD } from '../support/factories.js';
import { csrfFrom, csrfToken, loginAs } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe('authentication', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('logs a customer in and shows the dashboard when the password is right', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    const res = await agent.get('/');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('My services');
  });

  it('answers one generic message and keeps the email when the password is wrong', async () => {
    const client = await buildClient(t.c);
    const agent = request.agent(t.app);
    const token = await csrfToken(agent);
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: client.email, password: 'wrong password!!' });
    expect(res.status).to.equal(401);
    expect(res.text).to.contain('Wrong email or password.');
    expect(res.text).to.contain(`value="${client.email}"`);
  });

  it('gives an unknown email the same answer as a wrong password', async () => {
    const agent = request.agent(t.app);
    const token = await csrfToken(agent);
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: 'nobody@example.test', password: PASSWORD });
    expect(res.status).to.equal(401);
    expect(res.text).to.contain('Wrong email or password.');
  });

  it('refuses a customer on the admin login', async () => {
    const client = await buildClient(t.c);
    const agent = request.agent(t.app);
    const token = await csrfToken(agent, '/admin/login');
    const res = await agent.post('/admin/login').type('form').send({ _csrf: token, email: client.email, password: PASSWORD });
    expect(res.status).to.equal(401);
  });

  it('regenerates the session id at login so a planted id is useless', async () => {
    const attacker = await buildClient(t.c);
    const victim = await buildClient(t.c);
    // the attacker's own signed-in session id, planted in the victim's browser
    const sidOf = (cookies: unknown) => /vpncp\.sid=([^;]+)/.exec(String(cookies))?.[1];
    const attackerAgent = request.agent(t.app);
    const attackerToken = await csrfToken(attackerAgent);
    const plantedSid = sidOf((await attackerAgent.post('/login').type('form').send({ _csrf: attackerToken, email: attacker.email, password: PASSWORD })).headers['set-cookie']);
    expect(plantedSid).to.be.a('string');
    // the victim's browser, carrying the planted cookie, opens the sign-in page and signs in
    const page = await request(t.app).get('/login').set('Cookie', `vpncp.sid=${plantedSid}`);
    const res = await request(t.app).post('/login').set('Cookie', `vpncp.sid=${plantedSid}`).type('form').send({ _csrf: csrfFrom(page.text), email: victim.email, password: PASSWORD });
    expect(res.status).to.equal(302);
    const afterId = sidOf(res.headers['set-cookie']);
    expect(afterId).to.be.a('string').and.not.equal(plantedSid);
    // the victim's login lives in a new session; the planted id names nobody any more
    const userOf = async (cookie: string) => {
      const sid = /^s:([^.]+)\./.exec(decodeURIComponent(cookie))![1];
      return (await t.c.db('sessions').where({ sid }).first('user_id'))?.user_id ?? null;
    };
    expect(await userOf(afterId!)).to.equal(victim.id);
    expect(await userOf(plantedSid!)).to.equal(null);
  });

  it('refuses a form without the CSRF token with 403', async () => {
    const client = await buildClient(t.c);
    const res = await request(t.app).post('/login').type('form').send({ email: client.email, password: PASSWORD });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('The form expired');
    expect(res.text).not.to.match(/at .*\.ts:\d+/);
  });

  it('locks an account after repeated failures with a clear message', async () => {
    const client = await buildClient(t.c);
    const agent = request.agent(t.app);
    const token = await csrfToken(agent);
    let last = null as null | request.Response;
    for (let i = 0; i < 6; i++) last = await agent.post('/login').type('form').send({ _csrf: token, email: client.email, password: 'wrong password!!' });
    expect(last!.status).to.equal(429);
    expect(last!.text).to.contain('Too many failed sign-ins');
    // even the right password waits now
    const right = await agent.post('/login').type('form').send({ _csrf: token, email: client.email, password: PASSWORD });
    expect(right.status).to.equal(429);
  });

  it('logs out with a POST and forgets the session', async () => {
    const client = await buildClient(t.c);
    const { agent, csrf } = await loginAs(t.app, client.email);
    const rows = async () => Number((await t.c.db('sessions').count({ n: '*' }))[0].n);
    const before = await rows();
    const out = await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect(out.status).to.equal(302);
    expect(out.headers.location).to.equal('/login');
    // the session's row goes with it, not only the user in it
    expect(await rows()).to.equal(before - 1);
    const res = await agent.get('/');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.match(/^\/login/);
  });

  it('checks the token of a JSON body as of a form, and never on a page view', async () => {
    const client = await buildClient(t.c);
    const { agent, csrf } = await loginAs(t.app, client.email);
    // a GET changes nothing: neither its token nor a body it carries is looked at
    expect((await agent.get('/').set('x-csrf-token', 'forged')).status).to.equal(200);
    expect((await agent.post('/logout').send({ _csrf: 'forged' })).status).to.equal(403);
    expect((await agent.get('/')).status).to.equal(200);
    const out = await agent.post('/logout').send({ _csrf: csrf });
    expect(out.status).to.equal(302);
    expect((await agent.get('/')).status).to.equal(302);
  });

  it('answers a JSON body that does not parse with a 400 page, before any CSRF check, and keeps the user signed in', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    const res = await agent.post('/logout').set('Content-Type', 'application/json').send('{"_csrf": ');
    expect(res.status).to.equal(400);
    expect(res.text).to.contain('not valid JSON').and.not.match(/at \S+ \(/);
    expect((await agent.get('/')).status).to.equal(200);
  });

  it('sends an anonymous visitor of /admin to the admin login', async () => {
    const res = await request(t.app).get('/admin/clients');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/admin/login?next=%2Fadmin%2Fclients');
  });

  it('answers 404 when a customer opens the admin area', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    const res = await agent.get('/admin');
    expect(res.status).to.equal(404);
  });

  it('lets an admin in to the dashboard', async () => {
    const admin = await buildAdmin(t.c);
    const { agent } = await loginAs(t.app, admin.email, 'admin');
    const res = await agent.get('/admin');
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Dashboard');
  });
});
