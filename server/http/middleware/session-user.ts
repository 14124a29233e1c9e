/**
 * Restores the signed-in user named by the session, as passport.session() would. passport.session()
 * runs the whole authenticate machinery on every request (a strategy object with six closures, six
 * methods copied onto the request); this reads the id passport's session manager stored at login and
 * looks the user up. Login still goes through passport.authenticate and req.login.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { User } from '../../domain/types.js';

declare module 'express-session' {
  interface SessionData {
    /** Written by passport's session manager at login. */
    passport?: { user?: number };
    /** an admin signed in as a customer: the customer, and until when (epoch ms) */
    viewAs?: { clientId: number; until: number };
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
 * (read-memo.ts). While an admin is signed in as a customer (session.viewAs, until its time is up),
 * req.user is the customer and res.locals.viewer the admin.
 */
export function sessionUser(findUser: (id: number) => Promise<User | null>, limits: SessionLimits): RequestHandler {
  return (req, res, next) => {
    const id = req.session?.passport?.user;
    if (id === undefined) return next();
    const signedInAt = req.session.signedInAt;
    if (signedInAt !== undefined && limits.now() - signedInAt >= limits.maxAgeMs) return signOut(req, next);
    const viewAs = req.session.viewAs;
    findUser(id).then(async (user) => {
      if (!user || user.disabled) return signOut(req, next);
      req.user = user;
      if (viewAs) {
        // the session stays the admin's (ending the admin's sessions ends it); the page sees the customer
        const client = user.role === 'admin' && limits.now() < viewAs.until ? await findUser(viewAs.clientId) : null;
        if (client && client.role === 'client' && !client.disabled) {
          res.locals.viewer = user;
          req.user = client;
        } else delete req.session.viewAs;
      }
      next();
    }, next);
  };
}

/** The admin behind a customer's page view while they are signed in as that customer, or null. */
export function viewerOf(res: Response): User | null {
  return (res.locals.viewer as User | undefined) ?? null;
}
