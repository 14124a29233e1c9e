/**
 * What every page's layout needs: the signed-in user, the CSRF token, the currency and a one-shot notice.
 */
import type { Request, RequestHandler } from 'express';
import { csrfToken } from './security.js';

declare module 'express-session' {
  interface SessionData {
    notice?: { kind: 'ok' | 'error'; text: string };
  }
}

/** Stores a notice shown once by the next page the user sees. */
export function setNotice(req: Request, text: string, kind: 'ok' | 'error' = 'ok'): void {
  req.session.notice = { kind, text };
}

/** Builds the middleware; `currency` is the installation's CURRENCY. */
export function pageLocals(currency: string): RequestHandler {
  return (req, res, next) => {
    res.locals.currentUser = req.user ?? null;
    res.locals.csrfToken = csrfToken(req);
    res.locals.currency = currency;
    res.locals.path = req.path;
    res.locals.notice = req.session.notice ?? null;
    delete req.session.notice;
    next();
  };
}
