/**
 * Calendar-day arithmetic on 'YYYY-MM-DD' (days of BILLING_TZ are plain dates: no clock time, no zone).
 */
import { parseDate } from './billing-calendar.js';

/** The date `days` later (earlier when negative). */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
