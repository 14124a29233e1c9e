/**
 * The one place a service's monthly allowance is worked out: the product's quota settings, the speed
 * tier's own monthly_gb when the service has a tier that carries one, and this month's top-ups.
 * Everything that shows or enforces a limit asks here.
 */
import type { ProductRecord } from '../../plugins/plugin-api.js';
import type { ModuleRegistry } from '../deps.js';
import type { QuotaPolicy } from './quota-settings.js';

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
 * A service's terms for a month.
 * @param tierMonthlyGb the monthly_gb of the service's speed tier (null: no tier, or a tier without one)
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
