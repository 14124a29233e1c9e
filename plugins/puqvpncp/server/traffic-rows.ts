/**
 * What a month of panel traffic may contain before the portal believes it: at most one row per day of
 * that month (days outside it are dropped and reported), and no day above what the client's link could
 * carry in a day. Negative or fractional byte counts never get this far: the panel client refuses them
 * with the field named.
 */
import type { ResolvedBandwidth } from './lifecycle/bandwidth.js';
import type { PanelTrafficRow } from './panel/panel-types.js';

/** The link speed assumed for a direction whose cap is 0 (unlimited): 10 Gbit/s. */
export const UNLIMITED_LINK_MBPS = 10_000;
/** Counters include protocol overhead and a cap is enforced over seconds, not a day: 10 % more is allowed. */
export const LINK_MARGIN = 1.1;
const SECONDS_PER_DAY = 86_400;

/** A month's rows after the rules, and what was dropped. */
export interface MonthRows {
  /** one per day, in date order */
  rows: PanelTrafficRow[];
  /** dates outside the month, as sent */
  outside: string[];
  /** days sent more than once (the last row of a day is kept) */
  repeated: string[];
}

/**
 * Keeps the rows of one month, one per day.
 * @param rows the panel's rows (already read and normalised)
 * @param year the month's year
 * @param month 1–12
 */
export function monthRows(rows: readonly PanelTrafficRow[], year: number, month: number): MonthRows {
  const prefix = `${year}-${String(month).padStart(2, '0')}-`;
  // what panels send: the month's days in order, once each; taken as it is
  if (isPlainMonth(rows, prefix)) return { rows: rows as PanelTrafficRow[], outside: [], repeated: [] };
  const byDay = new Map<string, PanelTrafficRow>();
  const outside: string[] = [];
  const repeated = new Set<string>();
  let ordered = true;
  let last = '';
  for (const row of rows) {
    if (!row.date.startsWith(prefix)) {
      outside.push(row.date);
      continue;
    }
    if (byDay.has(row.date)) repeated.add(row.date);
    if (row.date <= last) ordered = false;
    last = row.date;
    byDay.set(row.date, row);
  }
  const kept = [...byDay.values()];
  // panels list a month's days in order, once each; anything else is put in order here
  if (!ordered) kept.sort((a, b) => (a.date < b.date ? -1 : 1));
  return { rows: kept, outside, repeated: [...repeated] };
}

function isPlainMonth(rows: readonly PanelTrafficRow[], prefix: string): boolean {
  let last = '';
  for (const row of rows) {
    if (!row.date.startsWith(prefix) || row.date <= last) return false;
    last = row.date;
  }
  return true;
}

/**
 * The most bytes a link of `mbps` Mbit/s can carry in a day, with the margin.
 * @param mbps the cap; 0 = unlimited (UNLIMITED_LINK_MBPS is assumed)
 */
export function dailyLinkBytes(mbps: number): number {
  const rate = mbps > 0 ? mbps : UNLIMITED_LINK_MBPS;
  return Math.floor(((rate * 1_000_000) / 8) * SECONDS_PER_DAY * LINK_MARGIN);
}

/**
 * The first day whose bytes the client's link could not have carried, as a sentence, or null.
 * @param rows the month's rows
 * @param caps the client's caps in Mbit/s (0 = unlimited)
 */
export function implausibleDay(rows: readonly PanelTrafficRow[], caps: ResolvedBandwidth): string | null {
  const down = dailyLinkBytes(caps.b_download);
  const up = dailyLinkBytes(caps.b_upload);
  for (const row of rows) {
    if (row.traffic_download > down) return tooMuch(row.date, 'download', row.traffic_download, caps.b_download, down);
    if (row.traffic_upload > up) return tooMuch(row.date, 'upload', row.traffic_upload, caps.b_upload, up);
  }
  return null;
}

function tooMuch(date: string, direction: string, bytes: number, mbps: number, max: number): string {
  const link = mbps > 0 ? `a ${mbps} Mbit/s cap` : `an unlimited link (taken as ${UNLIMITED_LINK_MBPS / 1000} Gbit/s)`;
  return `${direction} on ${date} is ${bytes} bytes, more than ${link} can carry in a day (${max} bytes with a 10 % margin)`;
}
