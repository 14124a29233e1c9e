/**
 * A service's stored usage for one month (GET /api/admin/services/:id/usage and the admin usage page).
 */
import { NotFoundError } from '../../errors.js';
import type { BillingDeps } from './billing-deps.js';
import { parsePeriod, periodString } from './billing-calendar.js';

/** The admin API's answer shape. */
export interface ServiceUsageJson {
  period: string;
  download_bytes: number;
  upload_bytes: number;
  days: { date: string; download_bytes: number; upload_bytes: number; server_id: number | null; collected_at: string }[];
}

/**
 * Reads the stored days of a month and their totals.
 * @throws ValidationError (field `period`); NotFoundError when the service does not exist
 */
export async function serviceUsage(deps: BillingDeps, serviceId: number, period: string): Promise<ServiceUsageJson> {
  const normalised = periodString(parsePeriod(period));
  if (!(await deps.repos.services.findById(serviceId))) throw new NotFoundError('No such service');
  const days = await deps.usage.daysOf(serviceId, normalised);
  const sum = (pick: (d: (typeof days)[number]) => number) => Number(days.reduce((s, d) => s + BigInt(pick(d)), 0n));
  return {
    period: normalised,
    download_bytes: sum((d) => d.downloadBytes),
    upload_bytes: sum((d) => d.uploadBytes),
    days: days.map((d) => ({ date: d.day, download_bytes: d.downloadBytes, upload_bytes: d.uploadBytes, server_id: d.serverId, collected_at: d.collectedAt })),
  };
}
