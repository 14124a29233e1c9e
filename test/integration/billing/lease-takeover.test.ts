import { Writable } from 'node:stream';
import { expect } from 'chai';
import { collectUsageNow, startUsageCollection, USAGE_JOB } from '../../../server/domain/billing/run-usage-collection.js';
import { jobLease } from '../../../server/db/job-lease.js';
import { createLogger } from '../../../server/logger.js';
import { startTsx } from '../../support/child-process.js';
import { buildTestApp, TEST_APP_KEY, type TestApp } from '../../support/test-app.js';
import { childDatabaseUrl, dialect, freshDatabase } from '../../support/test-db.js';

/**
 * Issue 20's crash finding: after a crash the usage pull was refused with 409 for about a minute (the dead
 * process's lease) and each refused try added a "skipped" run row.
 */
describe(`usage-collect after a crash (${dialect})`, function () {
  this.timeout(60_000);
  const lines: string[] = [];
  let t: TestApp;
  let databaseUrl: string;
  before(async () => {
    const tdb = await freshDatabase();
    databaseUrl = childDatabaseUrl(tdb);
    const log = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    t = await buildTestApp({ tdb, clock: () => new Date('2026-03-15T12:00:00Z'), log });
  });
  after(() => t.close());

  it('takes over at once the lease of a process killed mid-run, and marks its run abandoned', async () => {
    const child = startTsx('test/integration/billing/lease-holder-child.ts', { DATABASE_URL: databaseUrl, APP_KEY: TEST_APP_KEY, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    try {
      for (let i = 0; i < 200 && !child.stdout().includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(child.stdout(), child.stderr()).to.equal('held\n');
      const held = await jobLease(t.c.db).current(USAGE_JOB);
      expect(held?.ownerPid).to.equal(child.child.pid);
      expect(held!.expiresAt).to.be.greaterThan(Date.now() + 10_000);
    } finally {
      child.child.kill('SIGKILL');
    }
    await child.exited;
    // the very next run, well within the dead lease's expiry
    const result = await collectUsageNow(t.c.billing, { date: '2026-03-15' });
    expect(result.date).to.equal('2026-03-15');
    const runs = await t.c.db('job_runs').where({ job: USAGE_JOB }).orderBy('id');
    expect(runs.map((r) => r.status)).to.deep.equal(['abandoned', 'succeeded']);
  });

  it('leaves one log line per refused run and no run row while a live process holds the lease', async () => {
    const other = jobLease(t.c.db, Date.now, { pid: 4242, host: 'other-machine/boot/pidns' });
    expect(await other.acquire(USAGE_JOB, 'other-machine:4242:live', 30_000)).to.equal(true);
    const rowsBefore = (await t.c.db('job_runs')).length;
    lines.length = 0;
    try {
      for (let i = 0; i < 5; i++) expect(await startUsageCollection(t.c.billing, { date: '2026-03-15' })).to.deep.equal({ started: false, heldBy: 'other-machine:4242:live' });
    } finally {
      await other.release(USAGE_JOB, 'other-machine:4242:live');
    }
    expect(await t.c.db('job_runs')).to.have.length(rowsBefore);
    const skips = lines.map((l) => JSON.parse(l) as { msg: string; heldBy?: string }).filter((l) => l.msg.startsWith('job skipped'));
    expect(skips).to.have.length(5);
    expect(skips[0].heldBy).to.equal('other-machine:4242:live');
  });
});
