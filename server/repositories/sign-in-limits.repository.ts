/**
 * Sign-in counters in the database, so the limits hold across portal processes. A try takes its slot
 * before its password is checked, in one statement that counts and checks at once: of 100 tries sent
 * together exactly `limit` get a slot, whatever the dialect. Times are epoch milliseconds.
 */
import type { Knex } from 'knex';

/** At most `limit` tries per `windowMs` for one key. */
export interface LimitRule {
  limit: number;
  windowMs: number;
}

/** A slot taken for one try, or why none was given. */
export type Reservation = { ok: true; key: string; windowStart: number } | { ok: false; retryAfterMs: number };

interface LimitRow {
  key: string;
  window_start: number | string;
  attempts: number | string;
  strikes: number | string;
  locked_until: number | string;
}

const TABLE = 'sign_in_limits';

export type SignInLimitsRepository = ReturnType<typeof signInLimitsRepository>;

/** Builds the repository. */
export function signInLimitsRepository(db: Knex) {
  const read = async (key: string) => {
    const row = await db<LimitRow>(TABLE).where({ key }).first();
    return row ? { windowStart: Number(row.window_start), attempts: Number(row.attempts), strikes: Number(row.strikes), lockedUntil: Number(row.locked_until) } : null;
  };
  return {
    /**
     * Takes a slot for one try: a new window when the last one has passed, one more attempt otherwise,
     * nothing while the key is locked or its window is full.
     * @param account the account a (account, address) key belongs to; null for an address key
     */
    async reserve(key: string, account: string | null, rule: LimitRule, at: number): Promise<Reservation> {
      const windowOver = at - rule.windowMs;
      // one upsert: the row lock (PostgreSQL) or the write lock (SQLite) orders concurrent tries
      const rows = (await db(TABLE)
        .insert({ key, account, window_start: at, attempts: 1, strikes: 0, locked_until: 0, updated_at: at })
        .onConflict('key')
        .merge({
          window_start: db.raw('CASE WHEN ?? <= ? THEN ? ELSE ?? END', [`${TABLE}.window_start`, windowOver, at, `${TABLE}.window_start`]),
          attempts: db.raw('CASE WHEN ?? <= ? THEN 1 ELSE ?? + 1 END', [`${TABLE}.window_start`, windowOver, `${TABLE}.attempts`]),
          updated_at: at,
        })
        .where(`${TABLE}.locked_until`, '<=', at)
        .andWhere((q) => q.where(`${TABLE}.window_start`, '<=', windowOver).orWhere(`${TABLE}.attempts`, '<', rule.limit))
        .returning(['window_start'])) as { window_start: number | string }[];
      if (rows.length === 1) return { ok: true, key, windowStart: Number(rows[0].window_start) };
      const row = await read(key);
      const until = row ? Math.max(row.lockedUntil, row.windowStart + rule.windowMs) : at + rule.windowMs;
      return { ok: false, retryAfterMs: Math.max(1000, until - at) };
    },
    /** Gives a slot back (the try was not a failure), if its window is still the current one. */
    async refund(key: string, windowStart: number): Promise<void> {
      await db(TABLE).where({ key, window_start: windowStart }).andWhere('attempts', '>', 0).decrement('attempts', 1);
    },
    /**
     * Locks a key whose window is full, once per lockout: concurrent failures race on the stored
     * strikes and lock, and only the first update applies.
     * @param lockMs how long the lock lasts for the n-th strike in a row
     * @param decayMs a key not locked for this long starts again at its first strike
     */
    async lockIfFull(key: string, rule: LimitRule, at: number, lockMs: (strike: number) => number, decayMs: number): Promise<void> {
      const row = await read(key);
      if (!row || row.attempts < rule.limit || row.lockedUntil > at) return;
      const strike = row.lockedUntil > 0 && at - row.lockedUntil > decayMs ? 1 : row.strikes + 1;
      await db(TABLE)
        .where({ key, strikes: row.strikes, locked_until: row.lockedUntil })
        .update({ strikes: strike, locked_until: at + lockMs(strike), updated_at: at });
    },
    /** Forgets one key (a successful sign-in clears its own (account, address) row). */
    async clear(key: string): Promise<void> {
      await db(TABLE).where({ key }).del();
    },
    /** Forgets every (account, address) row of an account (after it proved possession by a password reset). */
    async clearAccount(account: string): Promise<number> {
      return db(TABLE).where({ account }).del();
    },
    /** Deletes rows untouched since `before` (their windows and locks are over). */
    async purge(before: number): Promise<number> {
      return db(TABLE).where('updated_at', '<', before).andWhere('locked_until', '<', before).del();
    },
    read,
  };
}
