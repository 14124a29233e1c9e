/**
 * CSRF protection for every form. A signed-in user's token lives in their session (csrf-sync's
 * synchroniser token). A visitor who has not signed in has no session and gets none: their token is a
 * signed double-submit cookie (csrf-csrf), an HMAC under the session secret that a cross-site page can
 * neither read nor forge, so the sign-in forms need no stored row per visitor.
 */
import cookieParser from 'cookie-parser';
import { csrfSync } from 'csrf-sync';
import { doubleCsrf } from 'csrf-csrf';
import type { Request, RequestHandler, Response } from 'express';
import { ForbiddenError } from '../../errors.js';

/** The token for a page, and the check of a state-changing request. */
export interface Csrf {
  token(req: Request, res: Response): string;
  protect: RequestHandler;
}

const tokenFromRequest = (req: Request): string | undefined => {
  const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
  return typeof fromBody === 'string' ? fromBody : (req.headers['x-csrf-token'] as string | undefined);
};

/**
 * Builds both halves.
 * @param options.secret signs the visitors' tokens (the session secret)
 * @param options.secureCookie HTTPS only: the cookie then takes the __Host- prefix
 */
export function createCsrf(options: { secret: string; secureCookie: boolean }): Csrf {
  const session = csrfSync({ size: 32, getTokenFromRequest: tokenFromRequest });
  const visitor = doubleCsrf({
    getSecret: () => options.secret,
    // nothing identifies a visitor but the cookie's own random value, which the HMAC covers
    getSessionIdentifier: () => 'visitor',
    cookieName: options.secureCookie ? '__Host-vpncp.csrf' : 'vpncp.csrf',
    cookieOptions: { sameSite: 'strict', secure: options.secureCookie, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: tokenFromRequest,
  });
  // cookies are parsed only for visitors: a signed-in page view never needs them
  const parse = cookieParser();
  const withCookies = (req: Request, res: Response) => {
    if (!req.cookies) parse(req, res, () => undefined);
  };
  const refused = () => new ForbiddenError('The form expired or was sent from another site. Reload the page and try again.', 'csrf_invalid');
  const checked = (req: Request) => {
    // handlers and their strict schemas see only the form's own fields
    if (req.body && typeof req.body === 'object') delete (req.body as Record<string, unknown>)._csrf;
  };
  return {
    token(req, res) {
      if (req.user) return session.generateToken(req);
      withCookies(req, res);
      return visitor.generateCsrfToken(req, res);
    },
    protect(req, res, next) {
      if (req.user) {
        return session.csrfSynchronisedProtection(req, res, (err?: unknown) => {
          if (err) return next(refused());
          checked(req);
          next();
        });
      }
      withCookies(req, res);
      if (!visitor.validateRequest(req)) return next(refused());
      checked(req);
      next();
    },
  };
}
