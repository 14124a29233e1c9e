/**
 * The JSON bodies of the admin API: an object, or a 400 naming what is wrong.
 */
import type { Request } from 'express';
import { BadRequestError } from '../errors.js';

/** A JSON object body, or a 400 naming what is wrong. */
export function jsonBody(req: Request): Record<string, unknown> {
  if (!req.is('application/json')) throw new BadRequestError('Send the body as JSON with Content-Type: application/json');
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('The body must be a JSON object');
  return body as Record<string, unknown>;
}

/** An optional JSON body: none at all counts as `{}` (POST /usage/collect with no date). */
export function optionalJsonBody(req: Request): Record<string, unknown> {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  return hasBody ? jsonBody(req) : {};
}
