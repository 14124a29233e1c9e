/**
 * Reads a list's query string (`?q=&page=&per_page=` and the list's own filters) the same way for the
 * admin pages and the API: a value that is not one answers 400 or 422 naming the field (a page shows the
 * message), never an empty or a wrong list.
 */
import type { Request } from 'express';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, type FilterParser, type ListQuery } from '../domain/lists/list-query.js';
import { BadRequestError, ValidationError } from '../errors.js';

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
 * Parses a list request. A page or search text that cannot be one is a malformed request (400); filter
 * values that are not values of the list are invalid values (422, every bad filter named), as elsewhere.
 * @param parsers the list's filters by query name; other query names are not the list's and are left alone
 * @throws BadRequestError naming the bad paging or search field; ValidationError naming each bad filter
 */
export function parseListQuery(query: Request['query'], parsers: Record<string, FilterParser>): ListQuery {
  const q = single(query, 'q');
  if (q !== undefined && CONTROL.test(q)) refuse('q', 'contains a control character');
  if (q !== undefined && q.length > MAX_Q) refuse('q', `is at most ${MAX_Q} characters`);
  const page = whole(query, 'page', 1, MAX_PAGE);
  const perPage = whole(query, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const filters: ListQuery['filters'] = {};
  const bad: Record<string, string> = {};
  for (const [name, parser] of Object.entries(parsers)) {
    const raw = query[name];
    if (raw === undefined) continue;
    const text = typeof raw === 'string' ? raw.trim() : null;
    if (text === '') continue;
    const value = text === null ? null : parser.parse(text);
    if (value === null) bad[name] = text === null ? 'must be given once, as text' : parser.message;
    else filters[name] = value;
  }
  if (query.status !== undefined && !('status' in parsers)) bad.status = 'is not a filter of this list';
  if (Object.keys(bad).length > 0) throw new ValidationError(bad, `Not a filter of this list: ${Object.entries(bad).map(([k, v]) => `${k} ${v}`).join('; ')}.`);
  return { q: q || undefined, page, perPage, filters };
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
