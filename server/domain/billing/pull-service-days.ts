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

function checkBytes(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new AppError(502, 'usage_invalid', `The usage meter reported ${what} = ${String(value)}, which is not a byte count`);
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
  const days = new Map<string, PulledDay>();
  for (const month of months) {
    const prefix = `${periodString(month)}-`;
    const rows: UsageDay[] = await meter.monthlyUsage(ctx, month);
    for (const row of rows) {
      if (typeof row.date !== 'string' || !DAY.test(row.date)) throw new AppError(502, 'usage_invalid', `The usage meter reported a day "${String(row.date)}" that is not YYYY-MM-DD`);
      if (!row.date.startsWith(prefix) || row.date > untilDay) continue;
      days.set(row.date, { day: row.date, downloadBytes: checkBytes(row.downloadBytes, `download on ${row.date}`), uploadBytes: checkBytes(row.uploadBytes, `upload on ${row.date}`) });
    }
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}
