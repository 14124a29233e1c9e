/**
 * Reads a list's query string (`?q=&page=&per_page=` and the list's own filters) the same way for the
 * admin pages and the API: a value that is not one answers 400 naming the field (a page shows the
 * message), never an empty or a wrong list.
 */
import type { Request } from 'express';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, type FilterParser, type ListQuery } from '../domain/lists/list-query.js';
import { BadRequestError } from '../errors.js';

const MAX_Q = 100;
const MAX_PAGE = 1_000_000;
// C0 controls (tab and line breaks included: a search is one line) and DEL
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F]/;

function refuse(field: string, message: string): never {
  throw new BadRequestError(`The list's "${field}" ${message}.`, { [field]: message });
}

function single(query: Request['query'], field: string): string | undefined {
  const value = query[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') refuse(field, 'must be given once, as text');
  return value.trim();
}

function whole(query: Request['query'], field: string, fallback: number, max: number): number {
  const text = single(query, field);
  if (text === undefined || text === '') return fallback;
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1 || Number(text) > max) refuse(field, `must be a whole number from 1 to ${max}`);
  return Number(text);
}

/**
 * Parses a list request.
 * @param parsers the list's filters by query name; other query names are not the list's and are left alone
 * @throws BadRequestError naming the first bad field
 */
export function parseListQuery(query: Request['query'], parsers: Record<string, FilterParser>): ListQuery {
  const q = single(query, 'q');
  if (q !== undefined && CONTROL.test(q)) refuse('q', 'contains a control character');
  if (q !== undefined && q.length > MAX_Q) refuse('q', `is at most ${MAX_Q} characters`);
  const filters: ListQuery['filters'] = {};
  for (const [name, parser] of Object.entries(parsers)) {
    const text = single(query, name);
    if (text === undefined || text === '') continue;
    const value = parser.parse(text);
    if (value === null) refuse(name, parser.message);
    filters[name] = value;
  }
  if (query.status !== undefined && !('status' in parsers)) refuse('status', 'is not a filter of this list');
  return { q: q || undefined, page: whole(query, 'page', 1, MAX_PAGE), perPage: whole(query, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE), filters };
}

/** The query string of the same list at another page (links of the pager keep every filter). */
export function listHref(path: string, list: ListQuery, page: number): string {
  const params = new URLSearchParams();
  if (list.q) params.set('q', list.q);
  for (const [name, value] of Object.entries(list.filters)) params.set(name, String(value));
  if (list.perPage !== DEFAULT_PER_PAGE) params.set('per_page', String(list.perPage));
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
