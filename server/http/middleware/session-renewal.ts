/**
 * Keeps an active customer signed in without re-sending the session cookie on every response. A
 * rolling session would sign and set the cookie on each one; instead a signed-in session is marked
 * once per day of activity, which makes express-session save it and send the cookie with a fresh
 * maxAge. An active user is thus signed out SESSION_DAYS after their last active day, not after login.
 */
import type { RequestHandler } from 'express';

declare module 'express-session' {
  interface SessionData {
    /** the day number (days since 1970, UTC) the cookie was last renewed */
    renewedOn?: number;
  }
}

const DAY_MS = 24 * 3600 * 1000;

/** Builds the middleware; `now` is injectable for tests. */
export function renewSessionDaily(now: () => number = Date.now): RequestHandler {
  return (req, _res, next) => {
    const session = req.session;
    // anonymous sessions (a CSRF token for the login form) are not worth a write a day
    if (session?.passport?.user !== undefined) {
      const today = Math.floor(now() / DAY_MS);
      if (session.renewedOn !== today) session.renewedOn = today;
    }
    next();
  };
}
