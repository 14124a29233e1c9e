import { expect } from 'chai';
import { jobLease } from '../../../server/db/job-lease.js';
import { dialect, freshDatabase, type TestDb } from '../../support/test-db.js';

describe(`job lease (${dialect})`, () => {
  let tdb: TestDb;
  let clock = 1_000_000;
  const now = () => clock;

  before(async () => {
    tdb = await freshDatabase();
  });
  after(() => tdb.destroy());
  beforeEach(async () => {
    await tdb.db('job_leases').del();
    clock = 1_000_000;
  });

  it('is taken when missing and refused to a second holder while it lasts', async () => {
    const lease = jobLease(tdb.db, now);
    expect(await lease.acquire('job-a', 'host-1', 60_000)).to.equal(true);
    expect(await lease.acquire('job-a', 'host-2', 60_000)).to.equal(false);
    expect(await lease.current('job-a')).to.deep.equal({ holder: 'host-1', expiresAt: 1_060_000 });
    // another job's lease is independent
    expect(await lease.acquire('job-b', 'host-2', 60_000)).to.equal(true);
  });

  it('is taken over once it has expired, and renewal keeps it from expiring', async () => {
    const lease = jobLease(tdb.db, now);
    await lease.acquire('job-a', 'host-1', 60_000);
    clock += 50_000;
    expect(await lease.renew('job-a', 'host-1', 60_000)).to.equal(true);
    clock += 50_000;
    expect(await lease.acquire('job-a', 'host-2', 60_000)).to.equal(false);
    clock += 10_001;
    expect(await lease.acquire('job-a', 'host-2', 60_000)).to.equal(true);
    expect(await lease.renew('job-a', 'host-1', 60_000)).to.equal(false);
    expect((await lease.current('job-a'))?.holder).to.equal('host-2');
  });

  it('is released only by its holder', async () => {
    const lease = jobLease(tdb.db, now);
    await lease.acquire('job-a', 'host-1', 60_000);
    await lease.release('job-a', 'host-2');
    expect((await lease.current('job-a'))?.holder).to.equal('host-1');
    await lease.release('job-a', 'host-1');
    expect(await lease.current('job-a')).to.equal(null);
    expect(await lease.acquire('job-a', 'host-2', 60_000)).to.equal(true);
  });

  it('goes to exactly one of many simultaneous callers', async () => {
    const lease = jobLease(tdb.db, now);
    const won = await Promise.all(Array.from({ length: 12 }, (_, i) => lease.acquire('job-race', `host-${i}`, 60_000)));
    expect(won.filter(Boolean)).to.have.length(1);
    expect((await lease.current('job-race'))?.holder).to.equal(`host-${won.indexOf(true)}`);
  });
});
