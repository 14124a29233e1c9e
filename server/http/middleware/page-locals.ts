/**
 * What every page's layout needs: the signed-in user, the CSRF token, the currency and a one-shot notice.
 */
import type { Request, RequestHandler } from 'express';
import { maskText } from '../../security/mask-secrets.js';
import type { Csrf } from './csrf.js';

declare module 'express-session' {
  interface SessionData {
    notice?: { kind: 'ok' | 'error'; text: string };
  }
}

/** Stores a notice shown once by the next page the user sees (masked: it often quotes a panel's error). */
export function setNotice(req: Request, text: string, kind: 'ok' | 'error' = 'ok'): void {
  req.session.notice = { kind, text: maskText(text) };
}

/** Builds the middleware; `currency` is the installation's CURRENCY, `csrf` gives each page its form token. */
export function pageLocals(currency: string, csrf: Csrf): RequestHandler {
  return (req, res, next) => {
    res.locals.currentUser = req.user ?? null;
    // made when a page reads it: a redirect or a JSON answer gets no token (and a visitor no cookie)
    let token: string | undefined;
    Object.defineProperty(res.locals, 'csrfToken', { enumerable: true, configurable: true, get: () => (token ??= csrf.token(req, res)) });
    res.locals.currency = currency;
    res.locals.path = req.path;
    res.locals.notice = req.session.notice ?? null;
    delete req.session.notice;
    next();
  };
}
