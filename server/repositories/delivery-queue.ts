/**
 * The storage half of the durable-delivery queue, over any table with the delivery columns (status,
 * attempts, next_attempt_at, first_attempt_at, claim_token, claimed_until, last_error, created_at,
 * updated_at, sent_at): the mail outbox now, webhook deliveries later. A sender claims due rows in one
 * statement; on PostgreSQL the rows are picked FOR UPDATE SKIP LOCKED, so senders in several processes
 * each get different rows and none waits for another; SQLite runs one writer at a time, which gives the
 * same guarantee. A claim names its sender's token and holds until `claimed_until`: a sender that died
 * mid-delivery lets its rows go when that passes.
 */
import type { Knex } from 'knex';
import { isSqlite } from '../db/create-db.js';

/** The delivery statuses every queue shares (admin-api.md: queued | sent | failed). */
export type DeliveryStatus = 'queued' | 'sent' | 'failed';

/** The delivery columns as stored. */
export interface DeliveryColumns {
  id: number;
  status: DeliveryStatus;
  attempts: number | string;
  next_attempt_at: number | string;
  first_attempt_at: number | string | null;
  claim_token: string | null;
  claimed_until: number | string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

/** The delivery state every queued item shows (a mail, a webhook delivery), read from its columns. */
export interface DeliveryState {
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  firstAttemptAt: number | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** Reads the delivery columns of a row (PostgreSQL answers bigints as strings). */
export function deliveryStateOf(r: DeliveryColumns): DeliveryState {
  return {
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    firstAttemptAt: r.first_attempt_at === null ? null : Number(r.first_attempt_at),
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

/** Counts per status. */
export type DeliveryCounts = Record<DeliveryStatus, number>;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Builds the queue operations of one table.
 * @param table a table with the delivery columns
 */
export function deliveryQueue<Row extends DeliveryColumns>(db: Knex, table: string) {
  return {
    /** The delivery columns of a row queued at `at` (epoch ms), due at once. */
    queuedColumns(at: number) {
      return { status: 'queued', attempts: 0, next_attempt_at: at, created_at: iso(at), updated_at: iso(at) };
    },
    /** Claims up to `limit` due, unclaimed (or abandoned) rows for this sender; returns them as stored. */
    async claimDue(at: number, limit: number, leaseMs: number, token: string): Promise<Row[]> {
      const due = (q: Knex.QueryBuilder) =>
        q.where(`${table}.status`, 'queued').andWhere(`${table}.next_attempt_at`, '<=', at).andWhere((w) => w.whereNull(`${table}.claimed_until`).orWhere(`${table}.claimed_until`, '<=', at));
      const pick = due(db(table).select('id')).orderBy([{ column: 'next_attempt_at' }, { column: 'id' }]).limit(limit);
      // PostgreSQL: the pick runs once, as an array (InitPlan). As "id IN (subquery)" the planner may run it
      // again for every row it updates (a semi join), each run locking the next rows: one sender would claim all
      const picked = isSqlite(db) ? (q: Knex.QueryBuilder) => q.whereIn('id', pick) : (q: Knex.QueryBuilder) => q.whereRaw('?? = any(array(?))', [`${table}.id`, pick.forUpdate().skipLocked()]);
      // the outer conditions again: a row another sender claimed between the pick and the update stays theirs
      const claimed = await due(picked(db(table)))
        .update({ claim_token: token, claimed_until: at + leaseMs, updated_at: iso(at) })
        .returning('*');
      return claimed as Row[];
    },
    async markSent(id: number, token: string, at: number): Promise<boolean> {
      const n = await db(table)
        .where({ id, claim_token: token })
        .update({ status: 'sent', attempts: db.raw('attempts + 1'), first_attempt_at: db.raw('coalesce(first_attempt_at, ?)', [at]), claim_token: null, claimed_until: null, last_error: null, sent_at: iso(at), updated_at: iso(at) });
      return n === 1;
    },
    async markFailedTry(id: number, token: string, outcome: { error: string; retryAt: number | null; firstAttemptAt: number; at: number }): Promise<boolean> {
      const next = outcome.retryAt === null ? { status: 'failed' } : { status: 'queued', next_attempt_at: outcome.retryAt };
      const n = await db(table)
        .where({ id, claim_token: token })
        .update({ ...next, attempts: db.raw('attempts + 1'), first_attempt_at: outcome.firstAttemptAt, claim_token: null, claimed_until: null, last_error: outcome.error.slice(0, 1000), updated_at: iso(outcome.at) });
      return n === 1;
    },
    /**
     * Makes a queued or failed row due now, its day of tries starting afresh (an admin's "retry now").
     * @returns false when the row does not exist or was already sent
     */
    async retryNow(id: number, at: number): Promise<boolean> {
      const n = await db(table)
        .where({ id })
        .whereIn('status', ['queued', 'failed'])
        .update({ status: 'queued', next_attempt_at: at, first_attempt_at: null, claim_token: null, claimed_until: null, updated_at: iso(at) });
      return n === 1;
    },
    async queuedCount(): Promise<number> {
      const row = await db(table).where({ status: 'queued' }).count<{ n: number | string }[]>({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async counts(): Promise<DeliveryCounts> {
      const rows = await db(table).groupBy('status').select('status').count<{ status: DeliveryStatus; n: number | string }[]>({ n: '*' });
      const out: DeliveryCounts = { queued: 0, sent: 0, failed: 0 };
      for (const r of rows) out[r.status] = Number(r.n);
      return out;
    },
  };
}
