import { expect } from 'chai';
import { jobLease } from '../../../server/db/job-lease.js';
import { thisProcess } from '../../../server/db/process-identity.js';
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
    expect(await lease.current('job-a')).to.include({ holder: 'host-1', expiresAt: 1_060_000 });
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

  describe('a holder that died', () => {
    const here = thisProcess().host;
    const other = { pid: 4242, host: 'other-machine/boot/pidns' };
    const dead = () => false;
    const alive = () => true;

    it('is taken over at once on the same host when its process no longer runs', async () => {
      await jobLease(tdb.db, now, { pid: 999_991, host: here }).acquire('job-a', 'crashed', 60_000);
      clock += 1000;
      expect(await jobLease(tdb.db, now, thisProcess(), alive).acquire('job-a', 'next', 60_000)).to.equal(false);
      expect(await jobLease(tdb.db, now, thisProcess(), dead).acquire('job-a', 'next', 60_000)).to.equal(true);
      expect(await jobLease(tdb.db, now).current('job-a')).to.include({ holder: 'next', ownerPid: process.pid, ownerHost: here, heartbeatAt: clock });
    });

    it('on another host is judged by its heartbeat only: refused while it beats, taken once it lapsed', async () => {
      await jobLease(tdb.db, now, other).acquire('job-a', 'elsewhere', 30_000);
      // its pid means nothing here, whatever this host says about that number
      expect(await jobLease(tdb.db, now, thisProcess(), dead).acquire('job-a', 'next', 30_000)).to.equal(false);
      clock += 20_000;
      expect(await jobLease(tdb.db, now, other).renew('job-a', 'elsewhere', 30_000)).to.equal(true);
      clock += 29_000;
      expect(await jobLease(tdb.db, now, thisProcess(), dead).acquire('job-a', 'next', 30_000)).to.equal(false);
      clock += 1000;
      expect(await jobLease(tdb.db, now, thisProcess(), dead).acquire('job-a', 'next', 30_000)).to.equal(true);
    });

    it('goes to exactly one of many runs taking it over at once', async () => {
      await jobLease(tdb.db, now, { pid: 999_992, host: here }).acquire('job-race', 'crashed', 60_000);
      const won = await Promise.all(Array.from({ length: 12 }, (_, i) => jobLease(tdb.db, now, thisProcess(), dead).acquire('job-race', `run-${i}`, 60_000)));
      expect(won.filter(Boolean)).to.have.length(1);
      expect((await jobLease(tdb.db, now).current('job-race'))?.holder).to.equal(`run-${won.indexOf(true)}`);
    });
  });
});
