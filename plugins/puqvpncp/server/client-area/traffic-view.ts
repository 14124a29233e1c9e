/**
 * The Traffic statistics page as data: the year and month selectors (the last four years), the day
 * table with every day of the month so far (days without a panel row count as zero), the totals and
 * the chart series.
 */
import { ValidationError, type Locale } from '../../../../server/plugins/plugin-api.js';
import type { PanelTrafficRow } from '../panel/panel-types.js';

/** How many years the Year selector offers, the current one included. */
export const TRAFFIC_YEARS = 4;

/** One row of the day table. */
export interface TrafficDayView {
  /** YYYY-MM-DD */
  date: string;
  /** the day as the customer's language writes it */
  dateLabel: string;
  download: number;
  upload: number;
  downloadHuman: string;
  uploadHuman: string;
  zero: boolean;
}

/** The month's figures, or why they are missing. */
export type TrafficDataView =
  | { available: true; days: TrafficDayView[]; totalDownload: string; totalUpload: string; series: { labels: string[]; download: number[]; upload: number[]; names: { download: string; upload: string } } }
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
 * @param locale the customer's language (month names, messages)
 * @returns the chosen month and the selector options
 * @throws ValidationError naming `year` or `month` for a value outside the selectors
 */
export function trafficSelection(query: Record<string, unknown>, today: string, locale: Locale): TrafficSelection {
  const currentYear = Number(today.slice(0, 4));
  const years = Array.from({ length: TRAFFIC_YEARS }, (_, i) => currentYear - i);
  const months = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: locale.monthName(i + 1) }));
  const year = pick(query.year, currentYear);
  const month = pick(query.month, Number(today.slice(5, 7)));
  const fields: Record<string, string> = {};
  if (!years.includes(year)) fields.year = locale.t('traffic.yearRange', { from: years[years.length - 1], to: currentYear });
  if (!(month >= 1 && month <= 12)) fields.month = locale.t('traffic.monthRange');
  if (Object.keys(fields).length > 0) throw new ValidationError(fields, locale.t('traffic.chooseFromLists'));
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
 * @param locale the customer's language
 * @returns the page's figures
 */
export function trafficData(rows: PanelTrafficRow[], year: number, month: number, today: string, locale: Locale): TrafficDataView {
  const prefix = `${year}-${String(month).padStart(2, '0')}-`;
  const byDay = new Map(rows.filter((r) => r.date.startsWith(prefix)).map((r) => [r.date, r]));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dates = Array.from({ length: lastDay }, (_, i) => prefix + String(i + 1).padStart(2, '0')).filter((d) => d <= today || byDay.has(d));
  const days = dates.map((date): TrafficDayView => {
    const download = byDay.get(date)?.traffic_download ?? 0;
    const upload = byDay.get(date)?.traffic_upload ?? 0;
    return { date, dateLabel: locale.date(date), download, upload, downloadHuman: locale.bytes(download), uploadHuman: locale.bytes(upload), zero: download === 0 && upload === 0 };
  });
  const sum = (pickBytes: (d: TrafficDayView) => number) => days.reduce((s, d) => s + pickBytes(d), 0);
  return {
    available: true,
    days,
    totalDownload: locale.bytes(sum((d) => d.download)),
    totalUpload: locale.bytes(sum((d) => d.upload)),
    series: { labels: days.map((d) => d.dateLabel), download: days.map((d) => d.download), upload: days.map((d) => d.upload), names: { download: locale.t('traffic.download'), upload: locale.t('traffic.upload') } },
  };
}
