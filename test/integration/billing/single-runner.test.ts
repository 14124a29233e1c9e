import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { startTsx } from '../../support/child-process.js';
import { buildActiveService, buildClient, buildMeteredProduct } from '../../support/factories.js';
import { buildTestApp, TEST_APP_KEY, type TestApp } from '../../support/test-app.js';
import { childDatabaseUrl, dialect, freshDatabase } from '../../support/test-db.js';

const NOW = '2026-03-15T12:00:00.000Z';

/** A portal process running the usage-collect job once, on "go". */
function startChild(databaseUrl: string) {
  const run = startTsx('test/integration/billing/usage-job-child.ts', { DATABASE_URL: databaseUrl, APP_KEY: TEST_APP_KEY, NODE_ENV: 'test', LOG_LEVEL: 'silent', CHILD_NOW: NOW }, { stdin: 'pipe' });
  const lines = createInterface({ input: run.child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`child ended early: ${run.stderr()}`);
    return value as string;
  };
  return { ...run, next };
}

describe(`single usage-collect runner across processes (${dialect})`, function () {
  this.timeout(60_000);
  const panel = new FakePanel({ latencyMs: 1000, clock: () => new Date('2000-01-01T00:00:00Z') });
  let t: TestApp;
  let databaseUrl: string;

  before(async () => {
    const tdb = await freshDatabase();
    databaseUrl = childDatabaseUrl(tdb);
    t = await buildTestApp({ tdb, clock: () => new Date(NOW) });
    await panel.start();
    const { server, product } = await buildMeteredProduct(t.c, panel, { price_per_gb: '0.05', included_gb: 0 });
    const client = await buildClient(t.c);
    for (const name of ['run-1', 'run-2', 'run-3']) {
      await buildActiveService(t.c, panel, { clientId: client.id, productId: product.id, serverId: server.id, name });
      panel.setTraffic(name, '2026-03-14', 1000, 10);
    }
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  it('runs the job in exactly one of two processes started together on one database; the other skips without a run row', async () => {
    const processes = [startChild(databaseUrl), startChild(databaseUrl)];
    try {
      for (const p of processes) expect(await p.next()).to.equal('ready');
      for (const p of processes) p.child.stdin!.write('go\n');
      const results = (await Promise.all(processes.map(async (p) => JSON.parse(await p.next()) as Record<string, unknown>))).sort((a, b) => Number(a.skipped) - Number(b.skipped));
      for (const p of processes) expect(await p.exited, p.stderr()).to.equal(0);

      expect(results[0]).to.include({ skipped: false, services: 3, collected: 3 });
      expect(results[1]).to.include({ skipped: true });
      expect(results[1].heldBy).to.be.a('string');
      const runs = await t.c.db('job_runs').where({ job: 'usage-collect' }).orderBy('id');
      // the refused run leaves a log line, not a run row
      expect(runs.map((r) => r.status)).to.deep.equal(['succeeded']);
      expect(panel.requestsTo('GET', '/client/')).to.have.length(3);
      expect(await t.c.db('usage_daily').count({ n: '*' }).first()).to.satisfy((row: { n: number | string }) => Number(row.n) === 3);
      expect(await t.c.db('job_leases').where({ name: 'usage-collect' })).to.deep.equal([]);
    } finally {
      for (const p of processes) p.child.kill();
    }
  });
});
