/**
 * Restores the signed-in user named by the session, as passport.session() would. passport.session()
 * runs the whole authenticate machinery on every request (a strategy object with six closures, six
 * methods copied onto the request); this reads the id passport's session manager stored at login and
 * looks the user up. Login still goes through passport.authenticate and req.login.
 */
import type { RequestHandler } from 'express';
import type { User } from '../../domain/types.js';

declare module 'express-session' {
  interface SessionData {
    /** Written by passport's session manager at login. */
    passport?: { user?: number };
  }
}

/**
 * Sets req.user from the session; a session whose user is gone or disabled is signed out. A user
 * disabled by another process keeps access for at most two MEMO_TTL_MS (read-memo.ts).
 */
export function sessionUser(findUser: (id: number) => Promise<User | null>): RequestHandler {
  return (req, _res, next) => {
    const id = req.session?.passport?.user;
    if (id === undefined) return next();
    findUser(id).then((user) => {
      if (user && !user.disabled) req.user = user;
      else delete req.session.passport;
      next();
    }, next);
  };
}
