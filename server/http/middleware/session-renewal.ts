/**
 * Keeps an active user signed in without re-sending the session cookie on every response. A rolling
 * session would sign and set the cookie on each one; instead a signed-in session is marked once per
 * day of activity, which makes express-session save it and send the cookie with a fresh maxAge. An
 * active user is thus signed out SESSION_IDLE_DAYS after their last active day, and in any case
 * SESSION_MAX_DAYS after signing in: the renewed cookie never outlives that.
 */
import type { RequestHandler } from 'express';

declare module 'express-session' {
  interface SessionData {
    /** the day number (days since 1970, UTC) the cookie was last renewed */
    renewedOn?: number;
  }
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Builds the middleware.
 * @param options.now the container's clock (epoch ms); options.idleMs and options.maxAgeMs the two lifetimes
 */
export function renewSessionDaily(options: { now: () => number; idleMs: number; maxAgeMs: number }): RequestHandler {
  return (req, _res, next) => {
    const session = req.session;
    // a visitor who has not signed in has no stored session to renew
    if (session?.passport?.user !== undefined) {
      const at = options.now();
      const today = Math.floor(at / DAY_MS);
      if (session.renewedOn !== today) {
        session.renewedOn = today;
        // sessions from before sign-in times were kept start their absolute lifetime now
        session.signedInAt ??= at;
        const left = session.signedInAt + options.maxAgeMs - at;
        if (left > 0) session.cookie.maxAge = Math.min(options.idleMs, left);
      }
    }
    next();
  };
}
