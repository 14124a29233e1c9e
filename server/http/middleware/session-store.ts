/**
 * The database session store, with touches throttled: express-session touches the stored session on
 * every request that did not change it, which would make every page view a database write. Within
 * TOUCH_EVERY_MS of the last touch the write is skipped; the stored expiry then lags the cookie's by at
 * most that much, which is nothing against a seven-day session.
 */
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { SessionData } from 'express-session';
import type { Knex } from 'knex';

const TOUCH_EVERY_MS = 10 * 60 * 1000;
const MAX_TRACKED = 100_000;

/** connect-session-knex's store with at most one touch per session per TOUCH_EVERY_MS in this process. */
export class ThrottledSessionStore extends ConnectSessionKnexStore {
  private readonly lastTouch = new Map<string, number>();

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
    return super.set(sid, session, callback);
  }
}

/** Builds the store over the portal's database (the sessions table comes from the migrations). */
export function createSessionStore(db: Knex): ThrottledSessionStore {
  return new ThrottledSessionStore({ knex: db, tableName: 'sessions', createTable: false, cleanupInterval: 15 * 60 * 1000 });
}
