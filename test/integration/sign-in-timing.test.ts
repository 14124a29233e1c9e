import { expect } from 'chai';
import { buildAdmin, buildClient } from '../support/factories.js';
import { listen, openSignIn, signIn, type SignInForm } from '../support/sign-in.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { dialect } from '../support/test-db.js';

const TRIES = 30;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
}

/**
 * An attacker telling accounts apart by how long a wrong sign-in takes: the medians of 30 tries each
 * (interleaved, each from its own address so no limit interferes) for a known address, an unknown one
 * and a customer's address at the admin form must be within 20 % of each other.
 */
describe(`sign-in timing (${dialect})`, function () {
  this.timeout(120_000);
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  before(async () => {
    t = await buildTestApp({ env: { TRUST_PROXY: '1' } });
    server = await listen(t.app);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  it('takes as long for an unknown address as for a known one (medians of 30 tries within 20 %)', async () => {
    const client = await buildClient(t.c);
    await buildAdmin(t.c);
    const form: SignInForm = await openSignIn(server.url);
    const adminForm: SignInForm = await openSignIn(server.url, '/admin/login');
    const kinds = {
      known: (i: number) => signIn(server.url, form, { email: client.email, password: 'wrong password!', xff: `198.18.1.${i}` }),
      unknown: (i: number) => signIn(server.url, form, { email: `nobody${i}@example.test`, password: 'wrong password!', xff: `198.18.2.${i}` }),
      wrongRole: (i: number) => signIn(server.url, adminForm, { email: client.email, password: 'wrong password!', xff: `198.18.3.${i}` }, '/admin/login'),
    };
    const times: Record<keyof typeof kinds, number[]> = { known: [], unknown: [], wrongRole: [] };
    // warm-up: the first unknown address makes the dummy hash, the first of each kind compiles its path
    for (const run of Object.values(kinds)) await run(250);
    for (let i = 0; i < TRIES; i++) {
      for (const [kind, run] of Object.entries(kinds) as [keyof typeof kinds, (typeof kinds)['known']][]) {
        const started = process.hrtime.bigint();
        const answer = await run(i);
        times[kind].push(Number(process.hrtime.bigint() - started) / 1e6);
        expect(answer.status, kind).to.equal(401);
      }
    }
    const medians = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<keyof typeof kinds, number>;
    const spread = (a: number, b: number) => Math.abs(a - b) / Math.max(a, b);
    const report = JSON.stringify(Object.fromEntries(Object.entries(medians).map(([k, v]) => [k, `${v.toFixed(1)} ms`])));
    console.log(`      medians of ${TRIES} tries: ${report}`);
    expect(spread(medians.known, medians.unknown), report).to.be.below(0.2);
    expect(spread(medians.known, medians.wrongRole), report).to.be.below(0.2);
  });
});
