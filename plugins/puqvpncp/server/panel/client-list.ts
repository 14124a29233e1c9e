/**
 * Endpoint 19, `GET /client`: every client of a panel, read tolerantly and row by row. The adopted shape
 * is a plain array; a panel may instead page it (`{items|clients|data|rows: [...], total, pages}`), send
 * `null` for none, or an object keyed by client name. A row whose name can be read counts as present even
 * when the rest of it cannot (it is then reported as unreadable); a row without a readable name is
 * skipped and reported, because the caller must then treat the list as incomplete.
 */
import { issueText, type DataReader } from './panel-answer.js';
import { vpnClientSchema, type PanelVpnClient } from './panel-types.js';

/** One page of the client list as read. */
export interface ClientListPage {
  clients: PanelVpnClient[];
  /** rows whose name is known but whose other fields could not be read */
  unreadable: { name: string; issue: string }[];
  /** rows without a readable name */
  skipped: string[];
  /** how many clients the panel says it has in all, when it says */
  total: number | null;
  /** how many pages the panel says there are, when it says */
  pages: number | null;
}

const LIST_KEYS = ['items', 'clients', 'data', 'rows', 'list', 'results'] as const;
const TOTAL_KEYS = ['total', 'count', 'total_count', 'totalCount'] as const;
const PAGES_KEYS = ['pages', 'last_page', 'total_pages', 'totalPages'] as const;

function countOf(source: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = source[key];
    const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n;
  }
  return null;
}

/** The rows and paging facts of `data`, whatever of the accepted shapes it has. */
function rowsOf(data: unknown): { rows: unknown[]; total: number | null; pages: number | null } {
  if (data === null || data === undefined) return { rows: [], total: null, pages: null };
  if (Array.isArray(data)) return { rows: data, total: null, pages: null };
  if (typeof data !== 'object') return { rows: [data], total: null, pages: null };
  const obj = data as Record<string, unknown>;
  const key = LIST_KEYS.find((k) => Array.isArray(obj[k]) || (k !== 'data' && obj[k] === null));
  if (key !== undefined) return { rows: (obj[key] as unknown[] | null) ?? [], total: countOf(obj, TOTAL_KEYS), pages: countOf(obj, PAGES_KEYS) };
  // keyed by client name, as some panels send their lists
  return { rows: Object.entries(obj).map(([name, row]) => (typeof row === 'object' && row !== null && !Array.isArray(row) ? { name, ...row } : row)), total: null, pages: null };
}

function nameOf(row: unknown): string | null {
  const name = typeof row === 'object' && row !== null ? (row as { name?: unknown }).name : undefined;
  if (typeof name === 'number') return String(name);
  return typeof name === 'string' && name.trim() !== '' ? name : null;
}

/** Reads one page of endpoint 19; it never fails on a row, only reports it. */
export const clientListReader: DataReader<ClientListPage> = (data) => {
  const { rows, total, pages } = rowsOf(data);
  const page: ClientListPage = { clients: [], unreadable: [], skipped: [], total, pages };
  rows.forEach((row, i) => {
    const parsed = vpnClientSchema.safeParse(row);
    if (parsed.success) return void page.clients.push(parsed.data);
    const name = nameOf(row);
    const issue = issueText(parsed.error.issues, `data[${i}]`);
    if (name === null) page.skipped.push(issue);
    else page.unreadable.push({ name, issue });
  });
  return page;
};
