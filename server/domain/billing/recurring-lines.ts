/**
 * The recurring and setup lines of one service for one month, from its plan history: each day from the
 * day it was first provisioned up to (not including) the day it was terminated is billed at the plan it
 * had that day (product price + tier price); the days of each plan are one line, prorated as
 * round_half_up(monthly × days / days_in_month). The setup fee is charged in the month of the first day.
 * Pure: the caller reads the history and the prices.
 */
import type { PlanPeriod, ProductPricing, SpeedTier } from '../../repositories/plans.repository.js';
import { daysOfMonth, type YearMonth } from './billing-calendar.js';
import { proratedMinor } from './prices.js';

/** A line of an invoice that is not usage. */
export interface PlanLine {
  kind: 'recurring' | 'setup';
  serviceId: number;
  productId: number;
  tierCode: string | null;
  description: string;
  /** the days a recurring line charges; null for setup */
  days: number | null;
  /** the monthly price of the plan (recurring) or the fee (setup) */
  unitMinor: number;
  amountMinor: number;
}

/** What the lines are priced with. */
export interface PlanPrices {
  pricing: ReadonlyMap<number, ProductPricing>;
  /** keyed "productId/code", retired tiers included */
  tiers: ReadonlyMap<string, SpeedTier>;
  productNames: ReadonlyMap<number, string>;
}

/** The service's side of it. */
export interface BilledService {
  id: number;
  /** its plan history, oldest first; empty = never provisioned, nothing to bill */
  periods: readonly PlanPeriod[];
  /** YYYY-MM-DD in BILLING_TZ of its termination, from which day on nothing is billed; null = running */
  endDay: string | null;
}

/**
 * The service's plan lines for a month.
 * @returns setup first (when due), then one recurring line per plan in the order it first applied
 */
export function planLines(service: BilledService, month: YearMonth, prices: PlanPrices): PlanLine[] {
  if (service.periods.length === 0) return [];
  const days = daysOfMonth(month.year, month.month);
  const start = service.periods[0].fromDay;
  const byPlan = new Map<string, { period: PlanPeriod; days: number }>();
  let at = 0;
  for (const day of days) {
    if (day < start || (service.endDay !== null && day >= service.endDay)) continue;
    while (at + 1 < service.periods.length && service.periods[at + 1].fromDay <= day) at++;
    const period = service.periods[at];
    const key = `${period.productId}/${period.tierCode ?? ''}`;
    const entry = byPlan.get(key) ?? { period, days: 0 };
    entry.days++;
    byPlan.set(key, entry);
  }
  const lines: PlanLine[] = [];
  const first = service.periods[0];
  const setupFee = prices.pricing.get(first.productId)?.setupFeeMinor ?? 0;
  if (start >= days[0] && start <= days[days.length - 1] && setupFee > 0) {
    lines.push({ kind: 'setup', serviceId: service.id, productId: first.productId, tierCode: null, description: `${productName(prices, first.productId)}: setup fee`, days: null, unitMinor: setupFee, amountMinor: setupFee });
  }
  for (const { period, days: count } of byPlan.values()) {
    const tier = period.tierCode === null ? null : (prices.tiers.get(`${period.productId}/${period.tierCode}`) ?? null);
    const monthly = (prices.pricing.get(period.productId)?.monthlyPriceMinor ?? 0) + (tier?.monthlyPriceMinor ?? 0);
    if (monthly === 0) continue;
    const plan = tier ? `${productName(prices, period.productId)}, ${tier.name}` : productName(prices, period.productId);
    lines.push({
      kind: 'recurring',
      serviceId: service.id,
      productId: period.productId,
      tierCode: period.tierCode,
      description: `${plan}: ${count} of ${days.length} days`,
      days: count,
      unitMinor: monthly,
      amountMinor: proratedMinor(monthly, count, days.length),
    });
  }
  return lines;
}

function productName(prices: PlanPrices, productId: number): string {
  return prices.productNames.get(productId) ?? `Product #${productId}`;
}
