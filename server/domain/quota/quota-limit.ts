/**
 * The one place a service's monthly allowance is worked out: the product's quota settings, the speed
 * tier's own monthly_gb when the service has a tier that carries one, and this month's top-ups.
 * Everything that shows or enforces a limit asks here.
 */
import type { ProductRecord } from '../../plugins/plugin-api.js';
import type { SpeedTier } from '../../repositories/plans.repository.js';
import type { ModuleRegistry, Repositories } from '../deps.js';
import { defaultQuotaSettings, quotaPolicyOf, type QuotaPolicy } from './quota-settings.js';

/** 1 GB = 10^9 bytes (admin-api.md "Money and units"). */
export const GB = 1_000_000_000;

/** A service's quota for one month. */
export interface QuotaTerms {
  policy: QuotaPolicy;
  /** the allowance before top-ups: the tier's when it has one, else the product's */
  baseGb: number;
  topUpGb: number;
  /** (baseGb + topUpGb) × 10^9 */
  limitBytes: number;
}

/**
 * The quota settings of a product, from its module.
 * @returns null when the module has no quotas or the product no quota settings
 */
export function productQuotaPolicy(modules: ModuleRegistry, product: ProductRecord): QuotaPolicy | null {
  return modules.provisioner(product.module)?.quotaPolicy?.(product) ?? null;
}

/**
 * The quota settings a service follows: its product's, or, when the product has none but the service's
 * tier carries an allowance, the quota defaults (count total, throttle to 1 Mbit/s, warn at 80 %), so a
 * tier alone can meter a product. A module without quotas meters nothing, whatever its tiers say.
 * @param tierMonthlyGb the monthly_gb of the service's tier (null: no tier, or one without its own)
 */
export function serviceQuotaPolicy(modules: ModuleRegistry, product: ProductRecord, tierMonthlyGb: number | null): QuotaPolicy | null {
  const module = modules.provisioner(product.module);
  if (!module?.quotaPolicy) return null;
  return module.quotaPolicy(product) ?? (tierMonthlyGb !== null && tierMonthlyGb > 0 ? quotaPolicyOf(defaultQuotaSettings()) : null);
}

/**
 * The monthly_gb of a service's tier, from the product's tiers keyed "productId/code" (retired ones too: a
 * service may keep a tier no longer offered). The tier the service has now counts for the whole month.
 * @returns null when the service has no tier or its tier carries no allowance of its own
 */
export function tierMonthlyGbOf(tiers: ReadonlyMap<string, SpeedTier>, service: { productId: number; tierCode: string | null }): number | null {
  return service.tierCode === null ? null : (tiers.get(`${service.productId}/${service.tierCode}`)?.monthlyGb ?? null);
}

/** The tiers of the services' products, keyed "productId/code", read once for all of them. */
export async function tiersOfServices(repos: Pick<Repositories, 'plans'>, services: readonly { productId: number; tierCode: string | null }[]): Promise<Map<string, SpeedTier>> {
  const productIds = [...new Set(services.filter((s) => s.tierCode !== null).map((s) => s.productId))];
  return productIds.length > 0 ? repos.plans.tiersOf(productIds) : new Map();
}

/**
 * A service's terms for a month.
 * @param tierMonthlyGb the monthly_gb of the service's speed tier (null: no tier, or a tier without one,
 *   and the product's allowance applies; 0: the tier is unmetered, whatever the product's allowance)
 * @returns null when there is no allowance (the product's and the tier's are 0 or absent): no quota
 */
export function resolveQuotaTerms(policy: QuotaPolicy | null, topUpGb: number, tierMonthlyGb: number | null = null): QuotaTerms | null {
  if (!policy) return null;
  const baseGb = tierMonthlyGb ?? policy.monthlyGb;
  if (baseGb <= 0) return null;
  return { policy, baseGb, topUpGb, limitBytes: (baseGb + topUpGb) * GB };
}

/** The bytes that count against the allowance: download, or download and upload. */
export function countedBytes(policy: QuotaPolicy, days: readonly { downloadBytes: number; uploadBytes: number }[]): number {
  let total = 0;
  for (const d of days) total += policy.counts === 'download' ? d.downloadBytes : d.downloadBytes + d.uploadBytes;
  return total;
}
