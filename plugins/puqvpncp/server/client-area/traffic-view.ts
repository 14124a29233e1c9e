/**
 * The Traffic statistics page as data: the year and month selectors (the last four years), the day
 * table with every day of the month so far (days without a panel row count as zero), the totals and
 * the chart series.
 */
import { ValidationError } from '../../../../server/plugins/plugin-api.js';
import type { PanelTrafficRow } from '../panel/panel-types.js';
import { humanBytes } from './humanise.js';

/** How many years the Year selector offers, the current one included. */
export const TRAFFIC_YEARS = 4;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** One row of the day table. */
export interface TrafficDayView {
  date: string;
  download: number;
  upload: number;
  downloadHuman: string;
  uploadHuman: string;
  zero: boolean;
}

/** The month's figures, or why they are missing. */
export type TrafficDataView =
  | { available: true; days: TrafficDayView[]; totalDownload: string; totalUpload: string; series: { labels: string[]; download: number[]; upload: number[] } }
  | { available: false; message: string };

/** The selectors' options and the chosen month. */
export interface TrafficSelection {
  year: number;
  month: number;
  years: number[];
  months: { value: number; label: string }[];
}

/**
 * Reads ?year=&month=, defaulting to the current month.
 * @param query the request's query object
 * @param today the current day, YYYY-MM-DD, in the billing time zone
 * @returns the chosen month and the selector options
 * @throws ValidationError naming `year` or `month` for a value outside the selectors
 */
export function trafficSelection(query: Record<string, unknown>, today: string): TrafficSelection {
  const currentYear = Number(today.slice(0, 4));
  const years = Array.from({ length: TRAFFIC_YEARS }, (_, i) => currentYear - i);
  const months = MONTH_NAMES.map((label, i) => ({ value: i + 1, label }));
  const year = pick(query.year, currentYear);
  const month = pick(query.month, Number(today.slice(5, 7)));
  const fields: Record<string, string> = {};
  if (!years.includes(year)) fields.year = `must be one of ${years[years.length - 1]}–${currentYear}`;
  if (!(month >= 1 && month <= 12)) fields.month = 'must be a month from 1 to 12';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields, 'Choose a year and a month from the lists.');
  return { year, month, years, months };
}

function pick(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  return typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
}

/**
 * The day table, totals and chart series of one month.
 * @param rows the panel's rows (days with data only)
 * @param year the month's year
 * @param month 1–12
 * @param today YYYY-MM-DD: days after it are left out, except days the panel already reports
 * @returns the page's figures
 */
export function trafficData(rows: PanelTrafficRow[], year: number, month: number, today: string): TrafficDataView {
  const prefix = `${year}-${String(month).padStart(2, '0')}-`;
  const byDay = new Map(rows.filter((r) => r.date.startsWith(prefix)).map((r) => [r.date, r]));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dates = Array.from({ length: lastDay }, (_, i) => prefix + String(i + 1).padStart(2, '0')).filter((d) => d <= today || byDay.has(d));
  const days = dates.map((date): TrafficDayView => {
    const download = byDay.get(date)?.traffic_download ?? 0;
    const upload = byDay.get(date)?.traffic_upload ?? 0;
    return { date, download, upload, downloadHuman: humanBytes(download), uploadHuman: humanBytes(upload), zero: download === 0 && upload === 0 };
  });
  const sum = (pickBytes: (d: TrafficDayView) => number) => days.reduce((s, d) => s + pickBytes(d), 0);
  return {
    available: true,
    days,
    totalDownload: humanBytes(sum((d) => d.download)),
    totalUpload: humanBytes(sum((d) => d.upload)),
    series: { labels: dates, download: days.map((d) => d.download), upload: days.map((d) => d.upload) },
  };
}
