import { expect } from 'chai';
import { buildClient } from '../support/factories.js';
import { loginAs } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

describe('signed-in user lookup', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('signs a customer out on the next request when the portal disables them', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    expect((await agent.get('/')).status).to.equal(200);
    await t.c.repos.users.update(client.id, { disabled: true });
    const res = await agent.get('/');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.contain('/login');
  });

  it('gives a promoted user the admin area on the next request', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    expect((await agent.get('/admin')).status).to.not.equal(200);
    await t.c.repos.users.update(client.id, { role: 'admin' });
    expect((await agent.get('/admin')).status).to.equal(200);
  });
});
