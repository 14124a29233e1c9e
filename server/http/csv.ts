/**
 * CSV output (RFC 4180) for exports opened in spreadsheets: every cell quoted when needed, and text
 * cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed with an apostrophe.
 */
import type { Response } from 'express';

/** One cell as CSV text. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row as a CSV line with CRLF. */
export function csvLine(cells: (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Sets the headers of a CSV download named `filename`. */
export function startCsv(res: Response, filename: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
}
