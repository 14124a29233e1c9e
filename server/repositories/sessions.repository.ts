/**
 * Stored sessions: one row per signed-in browser, naming its user (indexed) and its expiry in epoch
 * milliseconds. Every signed-in request reads its session, so the caching layer answers `read` from its
 * memo for page views (cached-repositories.ts) and every write here drops it.
 */
import type { Knex } from 'knex';

/** A session as stored: its JSON text (each reader parses its own object) and when it expires. */
export interface StoredSession {
  json: string;
  expiresAt: number;
}

interface SessionRow {
  sess: unknown;
  expires_at: number | string | null;
}

const TABLE = 'sessions';

export type SessionsRepository = ReturnType<typeof sessionsRepository>;

/**
 * Builds the repository.
 * @param now epoch milliseconds of the wall clock, which the session cookie's expiry also follows
 */
export function sessionsRepository(db: Knex, now: () => number = Date.now) {
  return {
    /** The live session with this id, or null (absent, expired or ended). */
    async read(sid: string): Promise<StoredSession | null> {
      const row = await db<SessionRow & { sid: string }>(TABLE).where({ sid }).andWhere('expires_at', '>', now()).first('sess', 'expires_at');
      if (!row) return null;
      // PostgreSQL hands the json column back parsed, SQLite as text
      return { json: typeof row.sess === 'string' ? row.sess : JSON.stringify(row.sess), expiresAt: Number(row.expires_at) };
    },
    /** Stores a session (insert or replace) with its user, or null for none. */
    async write(sid: string, session: StoredSession, userId: number | null): Promise<void> {
      const row = { sid, sess: session.json, user_id: userId, expires_at: session.expiresAt, expired: new Date(session.expiresAt).toISOString() };
      await db(TABLE).insert(row).onConflict('sid').merge(['sess', 'user_id', 'expires_at', 'expired']);
    },
    async destroy(sid: string): Promise<void> {
      await db(TABLE).where({ sid }).del();
    },
    /**
     * Ends every session of a user, except `exceptSid` (the caller's own, when it is to stay).
     * @returns how many sessions were ended
     */
    async endForUser(userId: number, exceptSid?: string): Promise<number> {
      const q = db(TABLE).where({ user_id: userId });
      if (exceptSid !== undefined) q.whereNot({ sid: exceptSid });
      // the ids first (SQLite has no DELETE … RETURNING through knex); a session begun meanwhile was
      // begun after the change (a new password, or refused as disabled)
      const sids = ((await q.select('sid')) as { sid: string }[]).map((r) => r.sid);
      for (let i = 0; i < sids.length; i += 500) await db(TABLE).whereIn('sid', sids.slice(i, i + 500)).del();
      return sids.length;
    },
    /** The live sessions of a user, for the list on their account page (the ids stay on the server). */
    async listForUser(userId: number): Promise<(StoredSession & { sid: string })[]> {
      const rows: (SessionRow & { sid: string })[] = await db(TABLE).where({ user_id: userId }).andWhere('expires_at', '>', now()).orderBy('expires_at', 'desc').limit(100).select('sid', 'sess', 'expires_at');
      return rows.map((row) => ({ sid: row.sid, json: typeof row.sess === 'string' ? row.sess : JSON.stringify(row.sess), expiresAt: Number(row.expires_at) }));
    },
    /** Deletes expired rows (and those from before expiries were kept in epoch milliseconds). */
    async purgeExpired(): Promise<number> {
      return db(TABLE).where('expires_at', '<=', now()).orWhereNull('expires_at').del();
    },
    async clear(): Promise<void> {
      await db(TABLE).del();
    },
  };
}
