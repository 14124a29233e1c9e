import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { FakePanel } from '../../../plugins/puqvpncp/fake/fake-panel.js';
import { defaultProductConfig } from '../../../plugins/puqvpncp/server/product-config.js';
import { createServerGroup } from '../../../server/domain/catalogue/server-groups.js';
import { createServer } from '../../../server/domain/catalogue/servers.js';
import { PROJECT_ROOT } from '../../../server/db/create-db.js';
import { buildClient, buildProduct, buildService } from '../../support/factories.js';
import { buildTestApp, TEST_APP_KEY, type TestApp } from '../../support/test-app.js';
import { childDatabaseUrl, dialect, freshDatabase } from '../../support/test-db.js';

const NOW = '2026-03-15T12:00:00.000Z';

/** A portal process running the usage-collect job once, on "go". */
function startChild(databaseUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/billing/usage-job-child.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, APP_KEY: TEST_APP_KEY, NODE_ENV: 'test', LOG_LEVEL: 'silent', CHILD_NOW: NOW },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`child ended early: ${stderr}`);
    return value as string;
  };
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, next, exited, stderr: () => stderr };
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
    const group = await createServerGroup(t.c.deps, { name: 'runner' });
    const server = await createServer(t.c.deps, { name: 'runner-panel', hostname: '127.0.0.1', port: panel.port, server_group_id: group.id, api_token: panel.token });
    const config = defaultProductConfig();
    config.metrics.download = { enabled: true, price_per_gb: '0.05', included_gb: 0 };
    const product = await buildProduct(t.c, group.id, config);
    const client = await buildClient(t.c);
    for (const name of ['run-1', 'run-2', 'run-3']) {
      const service = await buildService(t.c, { clientId: client.id, productId: product.id });
      await t.c.repos.services.update(service.id, { status: 'active', serverId: server.id, username: name, networkName: 'main' });
      panel.seedClient({ name, network_name: 'main' });
      panel.setTraffic(name, '2026-03-14', 1000, 10);
    }
  });
  after(async () => {
    await panel.stop();
    await t.close();
  });

  it('runs the job in exactly one of two processes started together on one database; the other skips', async () => {
    const processes = [startChild(databaseUrl), startChild(databaseUrl)];
    try {
      for (const p of processes) expect(await p.next()).to.equal('ready');
      for (const p of processes) p.child.stdin.write('go\n');
      const results = (await Promise.all(processes.map(async (p) => JSON.parse(await p.next()) as Record<string, unknown>))).sort((a, b) => Number(a.skipped) - Number(b.skipped));
      for (const p of processes) expect(await p.exited, p.stderr()).to.equal(0);

      expect(results[0]).to.include({ skipped: false, services: 3, collected: 3 });
      expect(results[1]).to.include({ skipped: true });
      expect(results[1].heldBy).to.be.a('string');
      const runs = await t.c.db('job_runs').where({ job: 'usage-collect' }).orderBy('id');
      expect(runs.map((r) => r.status).sort()).to.deep.equal(['skipped', 'succeeded']);
      expect(panel.requestsTo('GET', '/client/')).to.have.length(3);
      expect(await t.c.db('usage_daily').count({ n: '*' }).first()).to.satisfy((row: { n: number | string }) => Number(row.n) === 3);
      expect(await t.c.db('job_leases').where({ name: 'usage-collect' })).to.deep.equal([]);
    } finally {
      for (const p of processes) p.child.kill();
    }
  });
});
