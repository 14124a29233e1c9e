/**
 * What a list page draws around its table: the search box, the filters (kept in the URL, so tiles and
 * links can point at a filtered list) and the pager.
 */
import type { ListPage, ListQuery } from '../../domain/lists/list-query.js';
import { listHref } from '../list-params.js';

export interface FilterChoice {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  /** drawn as a date input instead of a select */
  input?: 'date';
}

/**
 * Builds the controls of a list page.
 * @param path the list's own address (/admin/services)
 * @param choices the filters the page offers as selects; their current values come from the list
 * @param searchHint the search box's placeholder; empty for a list without text search
 */
export function listControls<T>(path: string, list: ListQuery, page: ListPage<T>, choices: FilterChoice[], searchHint: string) {
  const pages = Math.max(1, Math.ceil(page.total / page.perPage));
  const from = page.total === 0 ? 0 : (page.page - 1) * page.perPage + 1;
  return {
    path,
    q: list.q ?? '',
    searchHint,
    perPage: list.perPage,
    filters: choices.map((f) => ({ ...f, value: list.filters[f.name] === undefined ? '' : String(list.filters[f.name]) })),
    // filters the page does not draw a select for (client_id from a link) still travel with the search
    hidden: Object.entries(list.filters).filter(([name]) => !choices.some((f) => f.name === name)).map(([name, value]) => ({ name, value: String(value) })),
    pager: {
      page: page.page,
      pages,
      total: page.total,
      from,
      to: Math.min(page.total, from + page.items.length - (page.items.length > 0 ? 1 : 0)),
      prev: page.page > 1 ? listHref(path, list, Math.min(page.page - 1, pages)) : null,
      next: page.page < pages ? listHref(path, list, page.page + 1) : null,
      first: page.page > 2 ? listHref(path, list, 1) : null,
      last: page.page < pages - 1 ? listHref(path, list, pages) : null,
    },
    filtered: Boolean(list.q) || Object.keys(list.filters).length > 0,
  };
}
