/**
 * The express-session store over the sessions repository (whose reads the caching layer memoises, and which names each
 * session's user, so all of a user's sessions can be ended at once). There is no touch: a signed-in
 * session is saved once per active day (session-renewal.ts), which moves its stored expiry, and
 * without a store touch express-session ends each response in one write instead of holding back its
 * last byte until the touch is done.
 */
import { Store, type SessionData } from 'express-session';
import type { SessionsRepository } from '../../repositories/sessions.repository.js';

type Done = (err?: unknown) => void;

/** express-session's callbacks over the repository's promises. */
export class DbSessionStore extends Store {
  /** Wraps the repository; `fallbackMaxAgeMs` dates a session whose cookie has no expiry. */
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly fallbackMaxAgeMs: number,
  ) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.sessions.read(sid).then(
      // a cached read may outlive the session by a few seconds: the database would no longer answer it
      (hit) => callback(null, hit && hit.expiresAt > Date.now() ? (JSON.parse(hit.json) as SessionData) : null),
      (err: unknown) => callback(err),
    );
  }

  override set(sid: string, session: SessionData, callback?: Done): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires).getTime() : Date.now() + this.fallbackMaxAgeMs;
    this.sessions.write(sid, { json: JSON.stringify(session), expiresAt: expires }, session.passport?.user ?? null).then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  override destroy(sid: string, callback?: Done): void {
    this.sessions.destroy(sid).then(() => callback?.(), (err: unknown) => callback?.(err));
  }

  override clear(callback?: Done): void {
    this.sessions.clear().then(() => callback?.(), (err: unknown) => callback?.(err));
  }
}
