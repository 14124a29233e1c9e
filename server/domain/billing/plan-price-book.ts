/**
 * The prices, tiers and product names a generation run prices plan lines with, read once per product per
 * run (a run over thousands of customers has a handful of products).
 */
import type { Repositories } from '../deps.js';
import type { PlanPeriod, ProductPricing, SpeedTier } from '../../repositories/plans.repository.js';
import type { PlanPrices } from './recurring-lines.js';

/** Builds the book for one run; `forPeriods` reads the products it has not seen yet. */
export function planPriceBook(repos: Pick<Repositories, 'plans' | 'products'>) {
  const pricing = new Map<number, ProductPricing>();
  const tiers = new Map<string, SpeedTier>();
  const productNames = new Map<number, string>();
  const prices: PlanPrices = { pricing, tiers, productNames };
  return {
    async forPeriods(periods: readonly PlanPeriod[]): Promise<PlanPrices> {
      const missing = [...new Set(periods.map((p) => p.productId))].filter((id) => !pricing.has(id));
      if (missing.length === 0) return prices;
      const [p, t, products] = await Promise.all([repos.plans.pricingOf(missing), repos.plans.tiersOf(missing), repos.products.findByIds(missing)]);
      for (const [id, v] of p) pricing.set(id, v);
      for (const [key, v] of t) tiers.set(key, v);
      for (const product of products) productNames.set(product.id, product.name);
      return prices;
    },
  };
}
