/**
 * The database session store, made cheap for the common request that only reads its session:
 * - reads are memoised for a few seconds (MEMO_TTL_MS): every signed-in request reads its session, and a
 *   query per request would queue behind everyone else's on SQLite's one connection. Writes and
 *   destroys in this process update the memo at once; a logout handled by another portal process is seen
 *   here within the TTL;
 * - touches are throttled: express-session touches the stored session on every request that did not
 *   change it. Within TOUCH_EVERY_MS of the last touch the write is skipped; the stored expiry then lags
 *   the cookie's by at most that much, which is nothing against a seven-day session.
 */
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { SessionData } from 'express-session';
import type { Knex } from 'knex';
import { ReadMemo } from '../../repositories/read-memo.js';

const TOUCH_EVERY_MS = 10 * 60 * 1000;
const MAX_TRACKED = 100_000;

/** The session as stored (JSON text: each request gets its own object) and when it expires. */
interface Stored {
  json: string;
  expiresAt: number;
}

const stored = (session: SessionData): Stored => ({
  json: JSON.stringify(session),
  expiresAt: session.cookie?.expires ? new Date(session.cookie.expires).getTime() : Number.POSITIVE_INFINITY,
});

/** connect-session-knex's store with memoised reads and at most one touch per session per TOUCH_EVERY_MS in this process. */
export class ThrottledSessionStore extends ConnectSessionKnexStore {
  private readonly lastTouch = new Map<string, number>();
  private readonly memo = new ReadMemo<string, Stored>();

  override async get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): Promise<SessionData | null> {
    try {
      const hit = await this.memo.get(sid, async () => {
        const session = await super.get(sid, () => {});
        return session ? stored(session) : null;
      });
      // the memo may outlive the session by its TTL: the database would no longer answer it
      const session = hit && hit.expiresAt > Date.now() ? (JSON.parse(hit.json) as SessionData) : null;
      callback(null, session);
      return session;
    } catch (err) {
      callback(err);
      throw err;
    }
  }

  override async touch(sid: string, session: SessionData, callback?: () => void): Promise<void> {
    const now = Date.now();
    const last = this.lastTouch.get(sid);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) {
      callback?.();
      return;
    }
    // a simple bound: forgetting every entry only costs one extra touch per session
    if (this.lastTouch.size >= MAX_TRACKED) this.lastTouch.clear();
    this.lastTouch.set(sid, now);
    return super.touch(sid, session, callback);
  }

  override async set(sid: string, session: SessionData, callback?: (err?: unknown) => void): Promise<void> {
    this.lastTouch.set(sid, Date.now());
    this.memo.forget(sid);
    try {
      await super.set(sid, session);
    } catch (err) {
      callback?.(err);
      throw err;
    }
    this.memo.set(sid, stored(session));
    callback?.();
  }

  override async destroy(sid: string, callback?: (err?: unknown) => void): Promise<number> {
    this.memo.forget(sid);
    this.lastTouch.delete(sid);
    return super.destroy(sid, callback);
  }

  override async clear(callback?: (err?: unknown) => void): Promise<number> {
    this.memo.clear();
    this.lastTouch.clear();
    return super.clear(callback);
  }
}

/** Builds the store over the portal's database (the sessions table comes from the migrations). */
export function createSessionStore(db: Knex): ThrottledSessionStore {
  return new ThrottledSessionStore({ knex: db, tableName: 'sessions', createTable: false, cleanupInterval: 15 * 60 * 1000 });
}
