/**
 * A cross-process lease per job name in `job_leases`, so exactly one portal process runs a job at a
 * time even with several processes or machines on one database (node-cron itself is in-process only).
 * The same SQL runs on SQLite (3.35+) and PostgreSQL: INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING.
 */
import type { Knex } from 'knex';

/** Lease operations for one holder identity; times are epoch milliseconds of the wall clock. */
export interface JobLease {
  /** Takes the lease when it is missing or expired; resolves false while someone else holds it. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease; resolves false when it is no longer ours (it expired and was taken). */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if it is still ours. */
  release(name: string, holder: string): Promise<void>;
  /** The current holder and expiry, or null when nobody ever took it. */
  current(name: string): Promise<{ holder: string; expiresAt: number } | null>;
}

/**
 * Builds the lease store. Leases follow the real clock (`now`), not the billing clock: they are about
 * which process is alive, and a test's frozen billing date must not make a lease eternal.
 * @param now epoch milliseconds; Date.now unless a test needs to move time
 */
export function jobLease(db: Knex, now: () => number = Date.now): JobLease {
  return {
    async acquire(name, holder, ttlMs) {
      const at = now();
      // one statement: insert when missing, take over only when expired; the row lock (PostgreSQL) or
      // the database write lock (SQLite) makes two simultaneous callers see each other's result
      const rows = await db('job_leases')
        .insert({ name, holder, expires_at: at + ttlMs })
        .onConflict('name')
        .merge(['holder', 'expires_at'])
        .where('job_leases.expires_at', '<=', at)
        .returning(['holder']);
      return rows.length === 1 && (rows[0] as { holder: string }).holder === holder;
    },
    async renew(name, holder, ttlMs) {
      const updated = await db('job_leases').where({ name, holder }).update({ expires_at: now() + ttlMs });
      return updated === 1;
    },
    async release(name, holder) {
      await db('job_leases').where({ name, holder }).del();
    },
    async current(name) {
      const row = await db('job_leases').where({ name }).first('holder', 'expires_at');
      return row ? { holder: String(row.holder), expiresAt: Number(row.expires_at) } : null;
    },
  };
}
