/**
 * Billing days and months in BILLING_TZ, with Intl only. Dates are 'YYYY-MM-DD' strings and periods
 * 'YYYY-MM' strings: plain calendar values that never pass through the host's own time zone.
 */
import { ValidationError } from '../../errors.js';

/** A calendar month; `month` is 1–12. */
export interface YearMonth {
  year: number;
  month: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone that yields numeric year, month, day, hour, minute, second in that zone. */
function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, calendar: 'iso8601', numberingSystem: 'latn', hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone, as numbers. */
function wallClock(instant: Date, tz: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = Object.fromEntries(formatterFor(tz).formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second };
}

/**
 * Whether Intl knows the zone (an IANA name such as "Europe/Warsaw", or "UTC").
 * @returns false for unknown or empty names
 */
export function isValidTimeZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * The calendar day an instant falls on in a zone.
 * @returns 'YYYY-MM-DD'
 */
export function dayInZone(instant: Date, tz: string): string {
  const w = wallClock(instant, tz);
  return `${String(w.year).padStart(4, '0')}-${pad2(w.month)}-${pad2(w.day)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Days in a month, from the proleptic Gregorian calendar (day 0 of the next month). */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses and checks a calendar date.
 * @returns its year, month and day
 * @throws ValidationError (field `date`) for a malformed or impossible date such as 2026-02-30, or one before 1970
 */
export function parseDate(date: string): YearMonth & { day: number } {
  const m = DATE.exec(date);
  const [year, month, day] = m ? [+m[1], +m[2], +m[3]] : [0, 0, 0];
  if (!m || year < 1970 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    throw new ValidationError({ date: 'must be a date as YYYY-MM-DD' }, `Invalid date "${date}"`);
  }
  return { year, month, day };
}

/**
 * The month a date belongs to.
 * @throws ValidationError as parseDate
 */
export function monthOf(date: string): YearMonth {
  const { year, month } = parseDate(date);
  return { year, month };
}

/** The month before, across the year boundary: 2026-01 → 2025-12. */
export function previousMonth(ym: YearMonth): YearMonth {
  return ym.month === 1 ? { year: ym.year - 1, month: 12 } : { year: ym.year, month: ym.month - 1 };
}

/** The month after, across the year boundary: 2025-12 → 2026-01. */
export function nextMonth(ym: YearMonth): YearMonth {
  return ym.month === 12 ? { year: ym.year + 1, month: 1 } : { year: ym.year, month: ym.month + 1 };
}

/** A month as 'YYYY-MM'. */
export function periodString(ym: YearMonth): string {
  return `${String(ym.year).padStart(4, '0')}-${pad2(ym.month)}`;
}

/**
 * Parses a billing period.
 * @returns the month
 * @throws ValidationError (field `period`) unless the text is 'YYYY-MM' with a month 01–12
 */
export function parsePeriod(period: string): YearMonth {
  const m = PERIOD.exec(period);
  if (!m || +m[2] < 1 || +m[2] > 12 || +m[1] < 1970) {
    throw new ValidationError({ period: 'must be a month as YYYY-MM' }, `Invalid period "${period}"`);
  }
  return { year: +m[1], month: +m[2] };
}

/**
 * Every day of a month.
 * @returns ['YYYY-MM-01', …, last day]
 */
export function daysOfMonth(year: number, month: number): string[] {
  const prefix = periodString({ year, month });
  return Array.from({ length: daysIn(year, month) }, (_, i) => `${prefix}-${pad2(i + 1)}`);
}

/**
 * The months a usage pull for `date` must cover: the previous month too while the day of the month is
 * within the grace days, so traffic the panel recorded late for last month is still collected.
 * @returns oldest first: [previous?, month of date]
 * @throws ValidationError as parseDate
 */
export function monthsToPull(date: string, graceDays: number): YearMonth[] {
  const { year, month, day } = parseDate(date);
  const current = { year, month };
  return day <= graceDays ? [previousMonth(current), current] : [current];
}

/**
 * The first instant of a local day: 00:00 in the zone, or the end of the DST gap on the rare zones whose
 * clocks skip midnight itself (America/Santiago starts its summer time at 24:00).
 * @returns the UTC instant
 * @throws ValidationError as parseDate
 */
export function zonedMidnightUtc(date: string, tz: string): Date {
  const { year, month, day } = parseDate(date);
  const wall = Date.UTC(year, month - 1, day);
  // Offset at the naive guess, then at the first candidate: two rounds settle every DST case.
  const c1 = wall - offsetMs(new Date(wall), tz);
  const c2 = wall - offsetMs(new Date(c1), tz);
  const candidates = [c1, c2].sort((a, b) => a - b).filter((c) => dayInZone(new Date(c), tz) === date);
  // Both candidates on the previous day can only happen inside a gap; its end is then c1 or c2 itself.
  return new Date(candidates[0] ?? Math.max(c1, c2));
}

/** Local time minus UTC at an instant, in milliseconds. */
function offsetMs(instant: Date, tz: string): number {
  const w = wallClock(instant, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instants bounding a billing month in a zone, for "usage over [from, to)".
 * @returns from = local midnight of the 1st, to = local midnight of the 1st of the next month
 */
export function monthRangeUtc(ym: YearMonth, tz: string): { from: Date; to: Date } {
  const first = (m: YearMonth) => `${periodString(m)}-01`;
  return { from: zonedMidnightUtc(first(ym), tz), to: zonedMidnightUtc(first(nextMonth(ym)), tz) };
}
