/**
 * One service's pull: the months to cover, read through its usage meter, reduced to the days that
 * belong to those months and are not after the run's date.
 */
import { AppError } from '../../errors.js';
import type { ServiceContext, UsageDay, UsageMeter } from '../../plugins/plugin-api.js';
import { periodString, type YearMonth } from './billing-calendar.js';

/** One day to store for a service: absolute bytes, as the panel reported them. */
export interface PulledDay {
  day: string;
  downloadBytes: number;
  uploadBytes: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkBytes(value: unknown, direction: 'download' | 'upload', date: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new AppError(502, 'usage_invalid', `The usage meter reported ${direction} on ${date} = ${String(value)}, which is not a byte count`);
  }
  return value;
}

/**
 * Reads every month in `months` and keeps the days inside that month and on or before `untilDay`; a day
 * reported twice keeps its last value. Days the panel reports for a later date (its clock is ahead, or
 * its zone differs) wait for the run of that date.
 * @returns the days, oldest first
 * @throws whatever the meter throws (a panel error); AppError for a malformed row
 */
export async function pullServiceDays(meter: UsageMeter, ctx: ServiceContext, months: YearMonth[], untilDay: string): Promise<PulledDay[]> {
  const days: PulledDay[] = [];
  let ascending = true;
  for (const month of months) {
    const prefix = `${periodString(month)}-`;
    const rows: UsageDay[] = await meter.monthlyUsage(ctx, month);
    for (const row of rows) {
      if (typeof row.date !== 'string' || !DAY.test(row.date)) throw new AppError(502, 'usage_invalid', `The usage meter reported a day "${String(row.date)}" that is not YYYY-MM-DD`);
      if (!row.date.startsWith(prefix) || row.date > untilDay) continue;
      if (days.length > 0 && days[days.length - 1].day >= row.date) ascending = false;
      days.push({ day: row.date, downloadBytes: checkBytes(row.downloadBytes, 'download', row.date), uploadBytes: checkBytes(row.uploadBytes, 'upload', row.date) });
    }
  }
  // panels list a month's days in order, once each; anything else is put in order here, the last value of a day winning
  if (ascending) return days;
  const byDay = new Map(days.map((d) => [d.day, d]));
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}
