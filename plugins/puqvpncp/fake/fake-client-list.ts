/**
 * The fake panel's endpoint 19, `GET /client`: every client as a plain array (the adopted shape), or
 * paged as `{items, total, page, per_page}` once paging is on, with the faults reconciliation must
 * survive: a page that fails or never answers, a list that announces more clients than it sends, and
 * rows without a name.
 */
import { clientToWire, type FakePanelState, type FakeWireClient } from './fake-panel-state.js';

/** How a page of the client list goes wrong. */
export type ClientListPageFault = 'status' | 'hang' | 'drop';

/** How the fake answers its client list. */
export interface FakeClientListSettings {
  /** clients per page once paging is on (the panel's own maximum); null = not paged */
  pageSize: number | null;
  /** send only the first N clients while announcing them all (a panel answering partially) */
  truncateTo: number | null;
  /** rows without a name added to the first page */
  oddRows: number;
  /** 1-based page → what goes wrong with it */
  pageFaults: Map<number, ClientListPageFault>;
}

/** Settings of a fresh panel: not paged, no faults. */
export function defaultClientListSettings(): FakeClientListSettings {
  return { pageSize: null, truncateTo: null, oddRows: 0, pageFaults: new Map() };
}

/** The page a request asks for (1 when it names none or a bad one). */
export function requestedPage(query: URLSearchParams): number {
  const page = Number(query.get('page') ?? '1');
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/**
 * The `data` of one answer of endpoint 19.
 * @param state the panel's clients
 * @param settings paging and faults
 * @param query the request's page and per_page
 */
export function clientListData(state: FakePanelState, settings: FakeClientListSettings, query: URLSearchParams): unknown {
  const all = [...state.clients.values()].map(clientToWire);
  const sent: (FakeWireClient | Record<string, unknown>)[] = settings.truncateTo === null ? all : all.slice(0, settings.truncateTo);
  const odd = Array.from({ length: settings.oddRows }, (_, i) => ({ id: i, status: 'enable', b_download: 'x' }));
  if (settings.pageSize === null) return settings.truncateTo === null ? [...odd, ...sent] : { items: [...odd, ...sent], total: all.length };
  const page = requestedPage(query);
  const asked = Number(query.get('per_page') ?? settings.pageSize);
  const perPage = Math.min(settings.pageSize, Number.isInteger(asked) && asked > 0 ? asked : settings.pageSize);
  const items = sent.slice((page - 1) * perPage, page * perPage);
  return { items: page === 1 ? [...odd, ...items] : items, total: all.length, page, per_page: perPage };
}
