/**
 * A cross-process lease per job name in `job_leases`, so exactly one portal process runs a job at a
 * time even with several processes or machines on one database (node-cron itself is in-process only).
 * The same SQL runs on SQLite (3.35+) and PostgreSQL: INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING.
 *
 * A lease names its holder's process (pid and host identity) and is renewed by a heartbeat. A holder
 * that died is recognised by the next run: on the same host when its pid no longer runs (taken over at
 * once), elsewhere when its heartbeat has lapsed (the lease's expiry).
 */
import type { Knex } from 'knex';
import { isRunning, thisProcess, type ProcessIdentity } from './process-identity.js';

/** The holder of a lease as stored. */
export interface LeaseHolder {
  holder: string;
  expiresAt: number;
  ownerPid: number | null;
  ownerHost: string | null;
  heartbeatAt: number | null;
}

/** Lease operations for one holder identity; times are epoch milliseconds of the wall clock. */
export interface JobLease {
  /** Takes the lease when it is missing, expired or held by a dead process; resolves false while someone else holds it. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** The heartbeat: extends the lease; resolves false when it is no longer ours (it expired and was taken). */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if it is still ours. */
  release(name: string, holder: string): Promise<void>;
  /** The current holder, or null when nobody holds it. */
  current(name: string): Promise<LeaseHolder | null>;
}

interface LeaseRow {
  holder: string;
  expires_at: number | string;
  owner_pid: number | null;
  owner_host: string | null;
  heartbeat_at: number | string | null;
}

const toHolder = (r: LeaseRow): LeaseHolder => ({
  holder: String(r.holder),
  expiresAt: Number(r.expires_at),
  ownerPid: r.owner_pid === null ? null : Number(r.owner_pid),
  ownerHost: r.owner_host,
  heartbeatAt: r.heartbeat_at === null ? null : Number(r.heartbeat_at),
});

/**
 * Builds the lease store. Leases follow the real clock (`now`), not the billing clock: they are about
 * which process is alive, and a test's frozen billing date must not make a lease eternal.
 * @param now epoch milliseconds; Date.now unless a test needs to move time
 * @param self the process taking leases; `running` tells whether a pid of this host still runs
 */
export function jobLease(db: Knex, now: () => number = Date.now, self: ProcessIdentity = thisProcess(), running: (pid: number) => boolean = isRunning): JobLease {
  const read = async (name: string) => {
    const row = await db<LeaseRow & { name: string }>('job_leases').where({ name }).first('holder', 'expires_at', 'owner_pid', 'owner_host', 'heartbeat_at');
    return row ? toHolder(row) : null;
  };
  /** A holder on this host whose process is gone (a pid reused since is caught by the heartbeat). */
  const died = (h: LeaseHolder) => h.ownerHost === self.host && h.ownerPid !== null && h.ownerPid !== self.pid && !running(h.ownerPid);
  return {
    async acquire(name, holder, ttlMs) {
      const at = now();
      const owner = { holder, expires_at: at + ttlMs, owner_pid: self.pid, owner_host: self.host, heartbeat_at: at };
      // one statement: insert when missing, take over only when expired; the row lock (PostgreSQL) or
      // the database write lock (SQLite) makes two simultaneous callers see each other's result
      const rows = await db('job_leases')
        .insert({ name, ...owner })
        .onConflict('name')
        .merge(['holder', 'expires_at', 'owner_pid', 'owner_host', 'heartbeat_at'])
        .where('job_leases.expires_at', '<=', at)
        .returning(['holder']);
      if (rows.length === 1 && (rows[0] as { holder: string }).holder === holder) return true;
      const current = await read(name);
      if (!current || !died(current)) return false;
      // the dead holder's row, exactly as read: of several runs taking it over at once, one wins
      const taken = await db('job_leases').where({ name, holder: current.holder }).update(owner);
      return taken === 1;
    },
    async renew(name, holder, ttlMs) {
      const at = now();
      const updated = await db('job_leases').where({ name, holder }).update({ expires_at: at + ttlMs, heartbeat_at: at });
      return updated === 1;
    },
    async release(name, holder) {
      await db('job_leases').where({ name, holder }).del();
    },
    current: read,
  };
}
