/**
 * Security headers. The CSP allows only the portal's own scripts and styles (no inline code),
 * plus data: images for the QR codes the panel returns.
 */
import helmet from 'helmet';
import type { Request, RequestHandler, Response } from 'express';

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
