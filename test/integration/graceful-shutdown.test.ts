/**
 * Stopping the portal cleanly: a real `server/main.ts` process (what `npm start` execs) gets SIGTERM in
 * the middle of a usage pull against a slow panel. The request in flight is answered, the run stops at
 * its safe point (what it pulled is stored), its row is closed and its lease released, the process exits
 * 0, and the next run collects everything. `npm start` itself passes the signal on to the portal.
 */
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { FakePanel } from '../../plugins/puqvpncp/fake/fake-panel.js';
import { PROJECT_ROOT } from '../../server/db/create-db.js';
import { collectUsageNow } from '../../server/domain/billing/run-usage-collection.js';
import { freePort, portalEnv, startTsx, STACK, waitForOutput } from '../support/child-process.js';
import { buildActiveService, buildApiToken, buildClient, buildMeteredProduct } from '../support/factories.js';
import { buildTestApp, TEST_APP_KEY, type TestApp } from '../support/test-app.js';
import { childDatabaseUrl, dialect, freshDatabase } from '../support/test-db.js';

const SERVICES = 12;

describe(`graceful shutdown (${dialect})`, function () {
  this.timeout(60000);
  const panel = new FakePanel();
  let t: TestApp;
  let token: string;

  before(async () => {
    await panel.start();
    t = await buildTestApp({ tdb: await freshDatabase() });
    token = await buildApiToken(t.c);
    const { server, product } = await buildMeteredProduct(t.c, panel, { price_per_gb: '0.05', included_gb: 0 });
    const client = await buildClient(t.c);
    for (let n = 1; n <= SERVICES; n++) {
      const name = `stop-vpn-${n}`;
      await buildActiveService(t.c, panel, { clientId: client.id, productId: product.id, serverId: server.id, name });
      panel.setTraffic(name, '2026-12-01', 1_000_000_000 + n, 1);
    }
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  it('on SIGTERM answers the pull in flight, closes its run, releases its lease and exits 0; the next run completes it', async () => {
    // 8 pulls run at once per panel: each takes a while, so the signal lands with a batch in flight
    panel.slow('GET /client/:name/traffic/:year/:month', 700);
    const port = await freePort();
    const run = startTsx('server/main.ts', { DATABASE_URL: childDatabaseUrl(t.tdb), APP_KEY: TEST_APP_KEY, PORT: String(port), LOG_LEVEL: 'info', SHUTDOWN_GRACE_S: '30' });
    try {
      await waitForOutput(run, /listening on/);
      const pull = fetch(`http://127.0.0.1:${port}/api/admin/usage/collect`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ date: '2026-12-02' }) });
      while (panel.requestsTo('GET', '/client/').length === 0) await new Promise((r) => setTimeout(r, 20));
      run.child.kill('SIGTERM');
      const answer = await pull;
      expect(answer.status).to.equal(200);
      const result = (await answer.json()) as { services: number; collected: number };
      expect(result.services).to.equal(SERVICES);
      expect(result.collected).to.be.greaterThan(0);
      expect(result.collected).to.be.lessThan(SERVICES);
      expect(await run.exited).to.equal(0);
      expect(run.stderr()).not.to.match(STACK);
      expect(run.stdout()).to.match(/"msg":"stopped"/);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      panel.clearFaults();
    }
    expect(await t.c.db('job_leases').where({ name: 'usage-collect' })).to.have.length(0);
    const runs = await t.c.db('job_runs').where({ job: 'usage-collect' });
    expect(runs.map((r: { status: string }) => r.status)).to.deep.equal(['failed']);
    expect(String(runs[0].error)).to.match(/stopped during the run/);

    const next = await collectUsageNow(t.c.billing, { date: '2026-12-02' });
    expect(next).to.include({ services: SERVICES, collected: SERVICES });
    expect((await t.c.db('job_runs').where({ job: 'usage-collect', status: 'running' })).length).to.equal(0);
  });

  it('npm start hands SIGTERM to the portal, which exits', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start', '--silent'], { cwd: PROJECT_ROOT, env: portalEnv({ DATABASE_URL: childDatabaseUrl(t.tdb), APP_KEY: TEST_APP_KEY, PORT: String(port), LOG_LEVEL: 'info' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => npm.on('exit', () => resolve()));
    try {
      const started = Date.now();
      while (!/listening on/.test(out)) {
        if (Date.now() - started > 20000) throw new Error(`npm start did not listen: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      npm.kill('SIGTERM');
      await exited;
      // the portal itself stopped: its port is free again and it said so
      expect(out).to.match(/"msg":"stopped"/);
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => expect.fail('the portal still answers'),
        (err: Error) => expect(String((err as Error & { cause?: Error }).cause?.message ?? err.message)).to.match(/ECONNREFUSED/),
      );
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  });
});
