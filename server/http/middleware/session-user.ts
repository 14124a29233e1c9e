/**
 * Restores the signed-in user named by the session, as passport.session() would. passport.session()
 * runs the whole authenticate machinery on every request (a strategy object with six closures, six
 * methods copied onto the request); this reads the id passport's session manager stored at login and
 * looks the user up. Login still goes through passport.authenticate and req.login.
 */
import type { Request, RequestHandler } from 'express';
import type { User } from '../../domain/types.js';

declare module 'express-session' {
  interface SessionData {
    /** Written by passport's session manager at login. */
    passport?: { user?: number };
  }
}

/** What bounds a session besides its idle expiry. */
export interface SessionLimits {
  /** the container's clock, epoch milliseconds */
  now: () => number;
  /** a session ends this long after its sign-in, however active (SESSION_MAX_DAYS) */
  maxAgeMs: number;
}

/** Ends the request's session (its row too) and goes on with a fresh one that is stored only if used. */
function signOut(req: Request, next: (err?: unknown) => void): void {
  req.session.regenerate((err) => next(err));
}

/**
 * Sets req.user from the session. A session past its absolute lifetime, or whose user is gone or
 * disabled, is ended. A user disabled by another process keeps access for at most two MEMO_TTL_MS
 * (read-memo.ts).
 */
export function sessionUser(findUser: (id: number) => Promise<User | null>, limits: SessionLimits): RequestHandler {
  return (req, _res, next) => {
    const id = req.session?.passport?.user;
    if (id === undefined) return next();
    const signedInAt = req.session.signedInAt;
    if (signedInAt !== undefined && limits.now() - signedInAt >= limits.maxAgeMs) return signOut(req, next);
    findUser(id).then((user) => {
      if (!user || user.disabled) return signOut(req, next);
      req.user = user;
      next();
    }, next);
  };
}
