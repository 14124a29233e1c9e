/**
 * Metered services whose usage has not been read for too long: the admin dashboard's warning that the
 * daily pull is not reaching them (a panel down for days, a wrong token, the job not running at all).
 */
import type { BillingDeps } from './billing-deps.js';
import { usageSources } from './usage-sources.js';

/** Older than this, a service's usage counts as stale (a daily job plus a half-day of slack). */
export const STALE_AFTER_MS = 36 * 3600 * 1000;

/** One stale service. */
export interface StaleService {
  serviceId: number;
  clientName: string;
  username: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
}

/**
 * Lists the pullable metered services not read successfully within 36 hours; a service younger than
 * that has had no chance yet and is not listed.
 * @returns up to `limit` services (oldest read first) and how many there are in all
 */
export async function staleUsage(deps: BillingDeps, now: Date, limit = 20): Promise<{ total: number; services: StaleService[] }> {
  const threshold = new Date(now.getTime() - STALE_AFTER_MS).toISOString();
  const sources = usageSources(deps);
  const candidates = [];
  for (const c of await deps.usage.pullable()) {
    if (c.service.createdAt < threshold && (await sources.metered(c.service.productId))) candidates.push(c);
  }
  const statuses = await deps.usage.pullStatuses(candidates.map((c) => c.service.id));
  const stale = candidates
    .map((c) => ({ c, s: statuses.get(c.service.id) }))
    .filter(({ s }) => !s?.lastSuccessAt || s.lastSuccessAt < threshold)
    .map(({ c, s }) => ({ serviceId: c.service.id, clientName: c.client.name, username: c.service.username, lastSuccessAt: s?.lastSuccessAt ?? null, lastError: s?.lastError ?? null }))
    .sort((a, b) => (a.lastSuccessAt ?? '').localeCompare(b.lastSuccessAt ?? '') || a.serviceId - b.serviceId);
  return { total: stale.length, services: stale.slice(0, limit) };
}
