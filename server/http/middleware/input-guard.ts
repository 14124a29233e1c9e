/**
 * Refuses, before any handler runs, what no column could store, in the same way for every route (pages,
 * the API, plugins' routes): a control character in any text (PostgreSQL refuses a NUL outright and
 * would answer a 500), and an id outside the integer columns' range, whether in the path or in a field
 * named `id` or `<something>_id` (the columns' naming rule, style.md C3). Lengths are the schemas'
 * business: each text field's cap there matches its column.
 */
import type { Request, RequestHandler } from 'express';
import { MAX_ID } from '../../domain/validation.js';
import { BadRequestError } from '../../errors.js';

// C0 controls except tab, line feed and carriage return (which text areas send), and DEL
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const ID_KEY = /(^|_)id$/;
const INTEGER_TEXT = /^\s*[-+]?\d+\s*$/;
// a path segment that is an id, possibly with an extension (/invoices/12.pdf)
const ID_SEGMENT = /^(\d+)(\.[a-z0-9]+)?$/i;
const MAX_DEPTH = 32;

type Problem = { field: string; message: string };

function valueProblem(field: string, key: string, value: unknown, depth: number): Problem | null {
  if (typeof value === 'string') {
    if (CONTROL.test(value)) return { field, message: 'contains a control character' };
    if (ID_KEY.test(key) && INTEGER_TEXT.test(value) && !withinIdRange(Number(value))) return { field, message: `must be an id from 1 to ${MAX_ID}` };
    return null;
  }
  if (typeof value === 'number') return ID_KEY.test(key) && Number.isInteger(value) && !withinIdRange(value) ? { field, message: `must be an id from 1 to ${MAX_ID}` } : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return { field, message: 'is nested too deeply' };
  for (const [k, inner] of Object.entries(value)) {
    const path = field === '' ? k : `${field}.${k}`;
    if (CONTROL.test(k)) return { field: path, message: 'is a field name with a control character' };
    const found = valueProblem(path, Array.isArray(value) ? key : k, inner, depth + 1);
    if (found) return found;
  }
  return null;
}

const withinIdRange = (n: number) => n >= 0 && n <= MAX_ID;

function refuse(p: Problem, where: string): BadRequestError {
  return new BadRequestError(`The ${where} field "${p.field}" ${p.message}.`, { [p.field]: p.message });
}

/** The problem of a request's path: a control character, or an id segment out of range. */
function pathProblem(req: Request): Problem | null {
  for (const raw of req.path.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      // Express answers an undecodable path itself (400)
      return null;
    }
    if (CONTROL.test(segment)) return { field: 'path', message: 'contains a control character' };
    const id = ID_SEGMENT.exec(segment);
    if (id && Number(id[1]) > MAX_ID) return { field: 'id', message: `must be an id from 1 to ${MAX_ID}` };
  }
  return null;
}

/** Every request: its path and its query string. */
export const guardPathAndQuery: RequestHandler = (req, _res, next) => {
  const inPath = pathProblem(req);
  if (inPath) return next(new BadRequestError(inPath.field === 'id' ? `The address names an id out of range: ids go from 1 to ${MAX_ID}.` : 'The address contains a control character.', { [inPath.field]: inPath.message }));
  const inQuery = valueProblem('', '', req.query, 0);
  next(inQuery ? refuse(inQuery, 'query') : undefined);
};

/** A request's parsed body (run after the body parsers). */
export const guardBody: RequestHandler = (req, _res, next) => {
  const found = valueProblem('', '', req.body, 0);
  next(found ? refuse(found, 'form') : undefined);
};
