import { expect } from 'chai';
import { buildBillingDeps } from '../../../server/billing-container.js';
import { startExclusive } from '../../../server/domain/billing/exclusive-run.js';
import { AppError } from '../../../server/errors.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

describe('startExclusive', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  const runs = (job: string) => t.c.db('job_runs').where({ job }).orderBy('id');

  it('records a run from start to a succeeded summary and releases the lease', async () => {
    const deps = buildBillingDeps(t.c);
    const start = await startExclusive(deps, 'test-ok', async (control) => {
      const [row] = await runs('test-ok');
      expect(row).to.include({ id: control.runId, status: 'running' });
      expect(row.finished_at).to.equal(null);
      return { count: 3 };
    }, (r) => ({ counted: r.count }));
    expect(start.started).to.equal(true);
    if (!start.started) return;
    expect(await start.done).to.deep.equal({ count: 3 });
    const [row] = await runs('test-ok');
    expect(row.status).to.equal('succeeded');
    expect(row.finished_at).to.be.a('string');
    expect(JSON.parse(row.summary)).to.deep.equal({ counted: 3 });
    expect(await deps.lease.current('test-ok')).to.equal(null);
  });

  it('records a failed run with its reason when the body throws, and releases the lease', async () => {
    const deps = buildBillingDeps(t.c);
    const start = await startExclusive(deps, 'test-fail', async () => {
      throw new AppError(502, 'boom', 'the database went away');
    }, () => ({}));
    if (!start.started) throw new Error('expected to start');
    const err = await start.done.then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(AppError);
    const [row] = await runs('test-fail');
    expect(row).to.include({ status: 'failed', error: 'the database went away' });
    expect(await deps.lease.current('test-fail')).to.equal(null);
  });

  it('marks a run left "running" by a dead process as abandoned once its lease has lapsed', async () => {
    const deps = buildBillingDeps(t.c);
    await deps.jobRuns.start('test-dead', 'dead-host:1:aaaa', '2026-01-01T00:00:00.000Z');
    const start = await startExclusive(deps, 'test-dead', async () => 'ok', () => ({}));
    if (!start.started) throw new Error('expected to start');
    await start.done;
    expect((await runs('test-dead')).map((r) => r.status)).to.deep.equal(['abandoned', 'succeeded']);
  });
});
