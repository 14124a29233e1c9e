import { expect } from 'chai';
import { clearSignInFailures } from '../../server/domain/users/authenticate-user.js';
import { buildAdmin, buildClient, PASSWORD } from '../support/factories.js';
import { burst, listen, openSignIn, signIn, tally, type SignInForm, type Try } from '../support/sign-in.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';

const MINUTE = 60_000;
const WRONG = 'not the password';
const times = (n: number, t: (i: number) => Try): Try[] => Array.from({ length: n }, (_, i) => t(i));

describe(`sign-in limits (${dialect})`, function () {
  this.timeout(60_000);
  let now = Date.parse('2026-11-20T10:00:00Z');
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  let form: SignInForm;
  let adminForm: SignInForm;
  // one proxy hop in front of the portal: the last X-Forwarded-For entry is the address it saw
  const via = (address: string) => `${address}`;

  before(async () => {
    t = await buildTestApp({ clock: () => new Date(now), env: { TRUST_PROXY: '1' } });
    server = await listen(t.app);
    form = await openSignIn(server.url);
    adminForm = await openSignIn(server.url, '/admin/login');
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  it('evaluates 5 of 100 wrong passwords sent at once, 5 over five bursts, and answers the rest 429 with Retry-After', async () => {
    const victim = await buildClient(t.c);
    const answers = [];
    for (let b = 0; b < 5; b++) answers.push(...(await burst(server.url, form, times(100, () => ({ email: victim.email, password: WRONG, xff: via('198.51.100.1') })))));
    expect(tally(answers)).to.deep.equal({ 401: 5, 429: 495 });
    for (const a of answers.filter((x) => x.status === 429)) expect(a.retryAfter).to.be.within(1, 15 * 60);
    // the right password in a later burst is refused like the rest: the pair is locked
    const mixed = times(100, (i) => ({ email: victim.email, password: i === 50 ? PASSWORD : WRONG, xff: via('198.51.100.1') }));
    const after = await burst(server.url, form, mixed);
    expect(tally(after)).to.deep.equal({ 429: 100 });
  });

  it('signs the owner in from another address whatever a stranger sent, customers and admins alike', async () => {
    const client = await buildClient(t.c);
    const admin = await buildAdmin(t.c);
    await burst(server.url, form, times(100, () => ({ email: client.email, password: WRONG, xff: via('198.51.100.2') })));
    await burst(server.url, adminForm, times(100, () => ({ email: admin.email, password: WRONG, xff: via('198.51.100.2') })), '/admin/login');
    expect(await signIn(server.url, form, { email: client.email, password: PASSWORD, xff: via('198.51.100.3') })).to.include({ status: 302, location: '/' });
    expect(await signIn(server.url, adminForm, { email: admin.email, password: PASSWORD, xff: via('198.51.100.3') }, '/admin/login')).to.include({ status: 302, location: '/admin' });
  });

  it('evaluates 20 of 100 tries at as many accounts from one address', async () => {
    const owner = await buildClient(t.c);
    const answers = await burst(server.url, form, times(100, (i) => ({ email: `guess${i}@example.test`, password: WRONG, xff: via('198.51.100.4') })));
    expect(tally(answers)).to.deep.equal({ 401: 20, 429: 80 });
    expect((await signIn(server.url, form, { email: owner.email, password: PASSWORD, xff: via('198.51.100.5') })).status).to.equal(302);
  });

  it('counts the address the proxy saw, not the ones a client writes into X-Forwarded-For', async () => {
    const victim = await buildClient(t.c);
    const owner = await buildClient(t.c);
    // a fresh made-up address per try, before the one the proxy appends
    const spoofed = await burst(server.url, form, times(30, (i) => ({ email: victim.email, password: WRONG, xff: `10.9.${i}.1, 203.0.113.5` })));
    expect(tally(spoofed)).to.deep.equal({ 401: 5, 429: 25 });
    // naming the owner's address does not count against it
    await burst(server.url, form, times(40, (i) => ({ email: `x${i}-${owner.email}`, password: WRONG, xff: `198.51.100.6, 203.0.113.6` })));
    expect((await signIn(server.url, form, { email: owner.email, password: PASSWORD, xff: '198.51.100.6' })).status).to.equal(302);
  });

  it('locks for longer each time the window fills again, and opens again when the lock is over', async () => {
    const client = await buildClient(t.c);
    const wrong = () => signIn(server.url, form, { email: client.email, password: WRONG, xff: via('198.51.100.7') });
    for (let i = 0; i < 5; i++) expect((await wrong()).status).to.equal(401);
    const first = await wrong();
    expect(first.status).to.equal(429);
    expect(first.retryAfter).to.equal(15 * 60);
    now += 15 * MINUTE + 1000;
    for (let i = 0; i < 5; i++) expect((await wrong()).status).to.equal(401);
    const second = await wrong();
    expect(second).to.include({ status: 429, retryAfter: 30 * 60 });
    now += 16 * MINUTE;
    expect((await wrong()).status).to.equal(429);
    now += 15 * MINUTE;
    expect((await signIn(server.url, form, { email: client.email, password: PASSWORD, xff: via('198.51.100.7') })).status).to.equal(302);
    // a success from there starts the pair afresh: the next typo is one failure, not a third lock
    expect((await wrong()).status).to.equal(401);
  });

  it('lets an owner whose account proved possession (a password reset) sign in where their own typos had locked it', async () => {
    const client = await buildClient(t.c);
    for (let i = 0; i < 5; i++) await signIn(server.url, form, { email: client.email, password: WRONG, xff: via('198.51.100.8') });
    expect((await signIn(server.url, form, { email: client.email, password: PASSWORD, xff: via('198.51.100.8') })).status).to.equal(429);
    await clearSignInFailures(t.c.deps, 'client', client.email.toUpperCase());
    expect((await signIn(server.url, form, { email: client.email, password: PASSWORD, xff: via('198.51.100.8') })).status).to.equal(302);
  });

  it('keeps neither the email nor the address in clear in its counters', async () => {
    const rows = (await t.c.db('sign_in_limits').select('*')) as Record<string, unknown>[];
    expect(rows.length).to.be.greaterThan(0);
    const text = JSON.stringify(rows);
    expect(text).not.to.contain('@example.test');
    expect(text).not.to.contain('198.51.100');
  });
});

describe(`sign-in limits without a trusted proxy (${dialect})`, () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  before(async () => {
    t = await buildTestApp();
    server = await listen(t.app);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  it('ignores X-Forwarded-For entirely (the default): every try counts on the connecting address', async () => {
    const client = await buildClient(t.c);
    const form = await openSignIn(server.url);
    const answers = await burst(server.url, form, times(20, (i) => ({ email: client.email, password: WRONG, xff: `10.8.${i}.1` })));
    expect(tally(answers)).to.deep.equal({ 401: 5, 429: 15 });
  });
});
