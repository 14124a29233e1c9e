/**
 * The database session store, made cheap for the common request that only reads its session:
 * - reads are memoised for a few seconds (MEMO_TTL_MS): every signed-in request reads its session, and a
 *   query per request would queue behind everyone else's on SQLite's one connection. Writes and
 *   destroys in this process update the memo at once; a logout handled by another portal process is seen
 *   here within two TTLs (read-memo.ts);
 * - there is no touch: a signed-in session is saved once per active day (session-renewal.ts), which moves
 *   its stored expiry, and without a store touch express-session ends each response in one write instead
 *   of holding back its last byte until the touch is done.
 */
import { ConnectSessionKnexStore } from 'connect-session-knex';
import { Store, type SessionData } from 'express-session';
import type { Knex } from 'knex';
import { ReadMemo } from '../../cache/read-memo.js';

type Done = (err?: unknown) => void;

/** The session as stored (JSON text: each request gets its own object) and when it expires. */
interface Stored {
  json: string;
  expiresAt: number;
}

const stored = (session: SessionData): Stored => ({
  json: JSON.stringify(session),
  expiresAt: session.cookie?.expires ? new Date(session.cookie.expires).getTime() : Number.POSITIVE_INFINITY,
});

/** connect-session-knex behind a read memo, without touch. */
export class MemoSessionStore extends Store {
  private readonly memo = new ReadMemo<string, Stored>();

  /** Wraps the knex store, which keeps its own cleanup of expired rows. */
  constructor(private readonly inner: ConnectSessionKnexStore) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.memo.get(sid, () => this.readStored(sid)).then(
      // the memo may outlive the session by its TTL: the database would no longer answer it
      (hit) => callback(null, hit && hit.expiresAt > Date.now() ? (JSON.parse(hit.json) as SessionData) : null),
      (err: unknown) => callback(err),
    );
  }

  private async readStored(sid: string): Promise<Stored | null> {
    const session = await this.inner.get(sid, () => undefined);
    return session ? stored(session) : null;
  }

  override set(sid: string, session: SessionData, callback?: Done): void {
    this.memo.forget(sid);
    this.inner.set(sid, session).then(
      () => {
        this.memo.set(sid, stored(session));
        callback?.();
      },
      (err: unknown) => callback?.(err),
    );
  }

  override destroy(sid: string, callback?: Done): void {
    this.memo.forget(sid);
    this.inner.destroy(sid).then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  override clear(callback?: Done): void {
    this.memo.clear();
    this.inner.clear().then(() => callback?.(), (err: unknown) => callback?.(err));
  }
}

/** Builds the store over the portal's database (the sessions table comes from the migrations). */
export function createSessionStore(db: Knex): MemoSessionStore {
  return new MemoSessionStore(new ConnectSessionKnexStore({ knex: db, tableName: 'sessions', createTable: false, cleanupInterval: 15 * 60 * 1000 }));
}
