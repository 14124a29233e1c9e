/**
 * What a state-changing request goes through before its handler: its body parsed (form or JSON) and
 * its CSRF token checked. GET, HEAD and OPTIONS have no body to read and change nothing to guard
 * (csrf-sync ignores them too), so page views skip all three in one step instead of three.
 */
import express, { type RequestHandler } from 'express';
import { csrfProtection } from './security.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Builds the middleware. */
export function stateChangingRequests(): RequestHandler {
  const parseForm = express.urlencoded({ extended: false, limit: '256kb' });
  const parseJson = express.json({ limit: '64kb' });
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    parseForm(req, res, (formErr?: unknown) => {
      if (formErr) return next(formErr);
      parseJson(req, res, (jsonErr?: unknown) => (jsonErr ? next(jsonErr) : csrfProtection(req, res, next)));
    });
  };
}
