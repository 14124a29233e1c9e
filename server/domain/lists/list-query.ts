/**
 * The one shape of every admin list (admin-api.md, "Operations"): a search text, named filters and a
 * page, answered as `{items, page, per_page, total}`. Pages and the API read the same lists the same way.
 */

/** The most rows one page may ask for. */
export const MAX_PER_PAGE = 200;
export const DEFAULT_PER_PAGE = 50;

/** A parsed list request: every value already checked (list-params.ts). */
export interface ListQuery {
  /** the search text, trimmed; absent when empty */
  q?: string;
  /** 1-based */
  page: number;
  perPage: number;
  /** the list's own filters by query name (status, product_id, …), only those given */
  filters: Record<string, string | number>;
}

/** One page of a list. */
export interface ListPage<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
}

/** How a list reads one filter's text: its value, or null when the text is not one. */
export interface FilterParser {
  parse(text: string): string | number | null;
  /** said beside the field when parse refuses */
  message: string;
}

/** The same page with its items mapped (joins and views keep the paging). */
export function mapPage<T, U>(page: ListPage<T>, items: U[]): ListPage<U> {
  return { items, page: page.page, perPage: page.perPage, total: page.total };
}

/** The list page's JSON: the contract's field names. */
export function pageJson<T>(page: ListPage<T>): { items: T[]; page: number; per_page: number; total: number } {
  return { items: page.items, page: page.page, per_page: page.perPage, total: page.total };
}

/** Reusable filter readers. */
export const filters = {
  /** one of a fixed set of words */
  oneOf(values: readonly string[]): FilterParser {
    return { parse: (t) => (values.includes(t) ? t : null), message: `must be one of ${values.join(', ')}` };
  },
  /** a positive id */
  id(): FilterParser {
    return { parse: (t) => (/^\d{1,10}$/.test(t) && Number(t) >= 1 && Number(t) <= 2_147_483_647 ? Number(t) : null), message: 'must be an id from 1 to 2147483647' };
  },
  /** a month YYYY-MM */
  month(): FilterParser {
    return { parse: (t) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(t) ? t : null), message: 'must be a month as YYYY-MM' };
  },
  /** a calendar date YYYY-MM-DD */
  date(): FilterParser {
    // a round trip refuses days the month does not have (Date.parse reads 2026-02-30 as 2 March)
    return { parse: (t) => (/^\d{4}-\d{2}-\d{2}$/.test(t) && new Date(Date.parse(`${t}T00:00:00Z`) || 0).toISOString().slice(0, 10) === t ? t : null), message: 'must be a date as YYYY-MM-DD' };
  },
};
