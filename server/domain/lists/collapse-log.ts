/**
 * The module log as an admin reads it: during an outage the same call fails again and again, so
 * identical consecutive failures (same action, call, status and error) become one row with a count
 * and the first and last time.
 */
import type { ModuleLogRow } from '../types.js';

export interface CollapsedLogRow extends ModuleLogRow {
  /** how many identical consecutive failures this row stands for (1 for a row of its own) */
  count: number;
  /** the earliest and latest time among them (the rows come newest first) */
  firstAt: string;
  lastAt: string;
}

const sameFailure = (a: ModuleLogRow, b: ModuleLogRow) =>
  a.error !== null && b.error !== null && a.action === b.action && a.method === b.method && a.path === b.path && a.httpStatus === b.httpStatus && a.error === b.error;

/** Collapses runs of identical failures, keeping the newest row of each run (rows newest first). */
export function collapseFailures(rows: readonly ModuleLogRow[]): CollapsedLogRow[] {
  const out: CollapsedLogRow[] = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    if (last && sameFailure(last, row)) {
      last.count++;
      last.firstAt = row.at;
    } else {
      out.push({ ...row, count: 1, firstAt: row.at, lastAt: row.at });
    }
  }
  return out;
}
