import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { startTsx } from '../../support/child-process.js';
import { buildActiveService, buildClient, buildGroupWithServer, buildProduct } from '../../support/factories.js';
import { buildTestApp, TEST_APP_KEY, type TestApp } from '../../support/test-app.js';
import { childDatabaseUrl, dialect, freshDatabase } from '../../support/test-db.js';

const NOW = '2026-03-15T12:00:00.000Z';
const GB = 1_000_000_000;

/** A portal process running the quota-enforce job once, on "go". */
function startChild(databaseUrl: string) {
  const run = startTsx('test/integration/billing/usage-job-child.ts', { DATABASE_URL: databaseUrl, APP_KEY: TEST_APP_KEY, NODE_ENV: 'test', LOG_LEVEL: 'silent', CHILD_NOW: NOW, CHILD_JOB: 'quota-enforce' }, { stdin: 'pipe' });
  const lines = createInterface({ input: run.child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`child ended early: ${run.stderr()}`);
    return value as string;
  };
  return { ...run, next };
}

describe(`traffic quotas: one runner across processes (${dialect})`, function () {
  this.timeout(60_000);
  const panel = new FakePanel({ latencyMs: 1000, clock: () => new Date('2000-01-01T00:00:00Z') });
  let t: TestApp;
  let databaseUrl: string;

  before(async () => {
    const tdb = await freshDatabase();
    databaseUrl = childDatabaseUrl(tdb);
    t = await buildTestApp({ tdb, clock: () => new Date(NOW) });
    await panel.start();
    const { group, server } = await buildGroupWithServer(t.c, panel.origin, panel.token);
    const product = await buildProduct(t.c, group.id, { ...defaultProductConfig(), quota: { monthly_gb: 1, counts: 'total', action: 'throttle', throttle_mbps: 4, warn_percent: 80 } });
    const client = await buildClient(t.c);
    for (const name of ['over-1', 'over-2', 'over-3']) {
      await buildActiveService(t.c, panel, { clientId: client.id, productId: product.id, serverId: server.id, name });
      panel.setTraffic(name, '2026-03-14', 2 * GB, 0);
    }
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  it('enforces in exactly one of two processes started together: one mail and one throttle per service', async () => {
    const processes = [startChild(databaseUrl), startChild(databaseUrl)];
    try {
      for (const p of processes) expect(await p.next()).to.equal('ready');
      for (const p of processes) p.child.stdin!.write('go\n');
      const results = (await Promise.all(processes.map(async (p) => JSON.parse(await p.next()) as Record<string, unknown>))).sort((a, b) => Number(a.skipped) - Number(b.skipped));
      for (const p of processes) expect(await p.exited, p.stderr()).to.equal(0);

      expect(results[0]).to.include({ skipped: false, services: 3, pulled: 3, limited: 3, mails: 3 });
      expect(results[1]).to.include({ skipped: true });
      expect((await t.c.db('job_runs').where({ job: 'quota-enforce' })).map((r) => r.status)).to.deep.equal(['succeeded']);
      expect(await t.c.db('mail_outbox').where({ kind: 'quota_reached' })).to.have.length(3);
      expect(panel.requestsTo('PUT', '/client/')).to.have.length(3);
      for (const name of ['over-1', 'over-2', 'over-3']) expect(panel.state.clients.get(name)).to.include({ b_download: 4, b_upload: 4 });
      expect(await t.c.db('job_leases').where({ name: 'quota-enforce' })).to.deep.equal([]);
    } finally {
      for (const p of processes) p.child.kill();
    }
  });
});
