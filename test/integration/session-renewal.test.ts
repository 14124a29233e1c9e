import { expect } from 'chai';
import { buildClient } from '../support/factories.js';
import { loginAs } from '../support/login.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const DAY_MS = 24 * 3600 * 1000;

describe('session cookie renewal', () => {
  let t: TestApp;
  let now = Date.parse('2026-11-20T10:00:00Z');
  before(async () => {
    t = await buildTestApp({ clock: () => new Date(now) });
  });
  after(() => t.close());

  const sessionCookie = (res: { headers: Record<string, unknown> }) =>
    ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('vpncp.sid='));

  it('sends the cookie again on the first request of a new day of activity, not on every response', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    // the login day's renewal was sent with the first signed-in page
    expect(sessionCookie(await agent.get('/'))).to.equal(undefined);
    now += DAY_MS;
    const renewed = sessionCookie(await agent.get('/'));
    expect(renewed).to.match(/Expires=/);
    expect(renewed).to.match(/HttpOnly/);
    expect(sessionCookie(await agent.get('/'))).to.equal(undefined);
    expect((await agent.get('/')).status).to.equal(200);
  });

  it('keeps the stored session alive with the renewed cookie', async () => {
    const client = await buildClient(t.c);
    const { agent } = await loginAs(t.app, client.email);
    const expiryOf = async () => {
      const rows = (await t.c.db('sessions').select('sess', 'expired')) as { sess: unknown; expired: string | Date }[];
      const mine = rows.find((r) => (JSON.parse(typeof r.sess === 'string' ? r.sess : JSON.stringify(r.sess)) as { passport?: { user?: number } }).passport?.user === client.id);
      return mine ? new Date(mine.expired).getTime() : undefined;
    };
    const first = await expiryOf();
    expect(first).to.be.greaterThan(Date.now());
    now += DAY_MS;
    await agent.get('/');
    expect(await expiryOf()).to.not.equal(first);
    expect((await agent.get('/')).status).to.equal(200);
  });
});
