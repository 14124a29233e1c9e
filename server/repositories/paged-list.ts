/**
 * The list mechanism's database half: a filtered query read one page at a time with its total, and the
 * indexed "starts with" search that every list's text search is made of (the list-indexes migration
 * builds the matching index for each searched column: NOCASE on SQLite, lower() text_pattern_ops on
 * PostgreSQL, so a search never reads the whole table).
 */
import type { Knex } from 'knex';
import type { FilterParser, ListQuery } from '../domain/lists/list-query.js';
import { isSqlite } from '../db/create-db.js';

/** A filter of a list: how its text is read (FilterParser) and how its value narrows the query. */
export interface ListFilter extends FilterParser {
  apply(query: Knex.QueryBuilder, value: string | number): void;
}

export type ListFilters = Record<string, ListFilter>;

/** `column` starts with `term`, case-insensitively (ASCII), through the column's prefix index. */
export function startsWith(db: Knex, column: string, term: string): Knex.Raw {
  const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
  // PostgreSQL's LIKE escapes with a backslash by default; an explicit ESCAPE would hide the prefix from the planner
  return isSqlite(db) ? db.raw(`?? like ? escape '\\'`, [column, `${escaped}%`]) : db.raw('lower(??) like ?', [column, `${escaped.toLowerCase()}%`]);
}

/** The search text as a row id (`12` or `#12`), or null. */
export function idTerm(q: string): number | null {
  const m = /^#?(\d{1,10})$/.exec(q);
  return m && Number(m[1]) <= 2_147_483_647 ? Number(m[1]) : null;
}

/** Applies the given filters of a list query (the parser has already checked each value). */
export function applyFilters(query: Knex.QueryBuilder, defined: ListFilters, given: ListQuery['filters']): void {
  for (const [name, value] of Object.entries(given)) defined[name]?.apply(query, value);
}

/**
 * Reads one page of `query` (filtered, not yet ordered) and the number of rows it holds.
 * @param order the page's order; its last column should be unique so pages never overlap
 */
export async function readPage<Row>(query: Knex.QueryBuilder, order: { column: string; order: 'asc' | 'desc' }[], list: ListQuery): Promise<{ rows: Row[]; total: number }> {
  const counted = query.clone().clearSelect().clearOrder().count<{ n: number | string }[]>({ n: '*' });
  const offset = (list.page - 1) * list.perPage;
  const paged = offset < DEEP_OFFSET ? query.clone().orderBy(order).limit(list.perPage).offset(offset) : deepPage(query, order, list.perPage, offset);
  const [rows, [count]] = await Promise.all([paged as Promise<Row[]>, counted]);
  return { rows, total: Number(count?.n ?? 0) };
}

// past this many rows a page is found by its ids first
const DEEP_OFFSET = 1000;

/**
 * A deep page: the rows skipped are read as ids only (from an index, not the whole rows), then the
 * page's rows by id. The order's last column is the unique id.
 */
async function deepPage(query: Knex.QueryBuilder, order: { column: string; order: 'asc' | 'desc' }[], limit: number, offset: number): Promise<unknown[]> {
  const id = order[order.length - 1].column;
  const ids = (await query.clone().clearSelect().select(id).orderBy(order).limit(limit).offset(offset)) as Record<string, unknown>[];
  if (ids.length === 0) return [];
  const key = id.split('.').pop() as string;
  return query.clone().whereIn(id, ids.map((r) => r[key] as number)).orderBy(order);
}
