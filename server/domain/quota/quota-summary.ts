/**
 * A service's quota as pages and the API show it: this month's allowance and usage (from the stored
 * daily rows), the stored state and what is in force or pending, the reset day. Read for many services
 * at once with a handful of queries, so a list page can carry the column.
 */
import type { QuotaStateName } from '../../repositories/quota.repository.js';
import type { BillingDeps } from '../billing/billing-deps.js';
import { dayInZone, monthOf, periodString } from '../billing/billing-calendar.js';
import { countedBytes, resolveQuotaTerms, serviceQuotaPolicy, tierMonthlyGbOf, tiersOfServices } from './quota-limit.js';
import { resetDay } from './quota-mail.js';

/** The `quota` of the service JSON (admin-api.md: limit_bytes, used_bytes, state), with what pages need besides. */
export interface QuotaSummary {
  limit_bytes: number;
  used_bytes: number;
  state: QuotaStateName | 'none';
  period: string;
  /** the first day of the next month: the allowance starts again */
  resets_on: string;
  percent: number;
  base_gb: number;
  top_up_gb: number;
  counts: 'total' | 'download' | null;
  action: 'throttle' | 'suspend' | null;
  throttle_mbps: number | null;
  warn_percent: number | null;
  /** what the quota has in force on the panel */
  applied: 'none' | 'throttle' | 'suspend';
  /** why the step the state asks for is not on the panel yet */
  pending_error: string | null;
}

/** What reading summaries needs. */
export type SummaryDeps = Pick<BillingDeps, 'repos' | 'modules' | 'usage' | 'clock' | 'settings'>;

/** This month, YYYY-MM in BILLING_TZ. */
export function currentPeriod(deps: Pick<BillingDeps, 'clock' | 'settings'>): string {
  return periodString(monthOf(dayInZone(deps.clock(), deps.settings.timeZone)));
}

/**
 * The summaries of many services, by id.
 * @returns every service given; `state: "none"` for those without a quota
 */
export async function quotaSummaries(deps: SummaryDeps, services: readonly { id: number; productId: number; tierCode: string | null }[]): Promise<Map<number, QuotaSummary>> {
  const out = new Map<number, QuotaSummary>();
  if (services.length === 0) return out;
  const period = currentPeriod(deps);
  const ids = services.map((s) => s.id);
  const [products, tiers, states, topUps] = await Promise.all([
    deps.repos.products.findByIds([...new Set(services.map((s) => s.productId))]),
    tiersOfServices(deps.repos, services),
    deps.repos.quotas.statesOf(ids),
    deps.repos.quotas.topUpGb(ids, period),
  ]);
  const productOf = new Map(products.map((p) => [p.id, p]));
  const termsOf = new Map(
    services.map((s) => {
      const product = productOf.get(s.productId);
      const tierGb = tierMonthlyGbOf(tiers, s);
      return [s.id, product ? resolveQuotaTerms(serviceQuotaPolicy(deps.modules, product, tierGb), topUps.get(s.id) ?? 0, tierGb) : null];
    }),
  );
  const withQuota = services.filter((s) => termsOf.get(s.id)).map((s) => s.id);
  const days = withQuota.length > 0 ? await deps.usage.daysOfMany(withQuota, period) : new Map<number, never[]>();
  for (const s of services) {
    const terms = termsOf.get(s.id) ?? null;
    const row = states.get(s.id) ?? null;
    const used = terms ? countedBytes(terms.policy, days.get(s.id) ?? []) : 0;
    out.set(s.id, {
      limit_bytes: terms?.limitBytes ?? 0,
      used_bytes: used,
      // the stored state is what was enforced; without a row a quota'd service is ok
      state: terms ? (row?.state ?? 'ok') : row && row.applied !== 'none' ? row.state : 'none',
      period,
      resets_on: resetDay(period),
      percent: terms ? Math.min(100, Math.floor((used * 100) / terms.limitBytes)) : 0,
      base_gb: terms?.baseGb ?? 0,
      top_up_gb: terms?.topUpGb ?? 0,
      counts: terms?.policy.counts ?? null,
      action: terms?.policy.action ?? null,
      throttle_mbps: terms?.policy.throttleMbps ?? null,
      warn_percent: terms?.policy.warnPercent ?? null,
      applied: row?.applied ?? 'none',
      pending_error: row?.pendingError ?? null,
    });
  }
  return out;
}

/** One service's summary. */
export async function quotaSummary(deps: SummaryDeps, service: { id: number; productId: number; tierCode: string | null }): Promise<QuotaSummary> {
  return (await quotaSummaries(deps, [service])).get(service.id) as QuotaSummary;
}
