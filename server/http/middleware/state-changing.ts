/**
 * What a state-changing request goes through before its handler: its body parsed (form or JSON), its
 * CSRF token checked, and its values checked for what no column could store. GET, HEAD and OPTIONS have no body to read and change nothing to guard
 * (csrf-sync ignores them too), so page views skip all three in one step instead of three.
 */
import express, { type RequestHandler } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Builds the middleware.
 * @param csrfProtection the CSRF check (csrf.ts)
 * @param bodyCheck refuses values no column could store (input-guard.ts), once the request is known to be ours
 */
export function stateChangingRequests(csrfProtection: RequestHandler, bodyCheck: RequestHandler): RequestHandler {
  const parseForm = express.urlencoded({ extended: false, limit: '256kb' });
  const parseJson = express.json({ limit: '64kb' });
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    parseForm(req, res, (formErr?: unknown) => {
      if (formErr) return next(formErr);
      parseJson(req, res, (jsonErr?: unknown) => {
        if (jsonErr) return next(jsonErr);
        csrfProtection(req, res, (csrfErr?: unknown) => (csrfErr ? next(csrfErr) : bodyCheck(req, res, next)));
      });
    });
  };
}
