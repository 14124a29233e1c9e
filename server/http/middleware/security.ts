/**
 * Security headers and CSRF. The CSP allows only the portal's own scripts and styles (no inline code),
 * plus data: images for the QR codes the panel returns.
 */
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler, Response } from 'express';
import { ForbiddenError } from '../../errors.js';

/**
 * helmet's headers with a CSP the pages pass; upgrade-insecure-requests is off so plain-HTTP installs
 * keep their assets. The policy has no per-request parts (no nonces), so helmet runs once at startup
 * against a recorder and every response gets the recorded headers in one step, instead of a dozen
 * middleware calls per request.
 */
export function securityHeaders(): RequestHandler {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  const once = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'img-src': ["'self'", 'data:'],
        'upgrade-insecure-requests': null,
        'form-action': ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  let failure: unknown;
  once({} as Request, recorder as unknown as Response, (err?: unknown) => (failure = err));
  if (failure || headers.size === 0) throw new Error('helmet did not produce its headers');
  return (_req, res, next) => {
    res.setHeaders(headers);
    next();
  };
}

const csrf = csrfSync({
  size: 32,
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof fromBody === 'string' ? fromBody : (req.headers['x-csrf-token'] as string | undefined);
  },
});

/** Refuses any state-changing request whose token does not match the session's, with a 403 AppError. */
export const csrfProtection: RequestHandler = (req, res, next) => {
  csrf.csrfSynchronisedProtection(req, res, (err?: unknown) => {
    if (err) return next(new ForbiddenError('The form expired or was sent from another site. Reload the page and try again.', 'csrf_invalid'));
    // checked: handlers and their strict schemas see only the form's own fields
    if (req.body && typeof req.body === 'object') delete (req.body as Record<string, unknown>)._csrf;
    next();
  });
};

/** The session's CSRF token, created on first use. */
export function csrfToken(req: Parameters<RequestHandler>[0]): string {
  return csrf.generateToken(req);
}
