/**
 * The product page's pricing and speed-tier section: its locals, and its posted rows read back into the
 * API's shape (tier_code[], tier_name[], … one entry per row; a row with an empty code is dropped).
 */
import type { Repositories } from '../../domain/deps.js';
import { pricingJson, tierJson } from '../../domain/billing/product-plans.js';

/** What the section shows. */
export async function productPlanLocals(repos: Pick<Repositories, 'plans'>, productId: number) {
  const [pricing, tiers] = await Promise.all([repos.plans.pricing(productId), repos.plans.tiers(productId)]);
  return { pricing: pricing ? pricingJson(pricing) : { monthly_price: '0.00', setup_fee: '0.00' }, customerCanChange: Boolean(pricing?.customerCanChange), tiers: tiers.map(tierJson) };
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x.trim() : '')) : typeof v === 'string' ? [v.trim()] : []);
const whole = (v: string): unknown => (/^\d+$/.test(v) ? Number(v) : v);

/** The posted rows as `{tiers, customer_can_change}`. */
export function tiersFromForm(body: unknown) {
  const b = (body ?? {}) as Record<string, unknown>;
  const [codes, names, downs, ups, prices] = ['tier_code', 'tier_name', 'tier_download_mbps', 'tier_upload_mbps', 'tier_monthly_price'].map((k) => list(b[k]));
  const tiers = codes
    .map((code, i) => ({ code, name: names[i] ?? '', download_mbps: whole(downs[i] ?? ''), upload_mbps: whole(ups[i] ?? ''), monthly_price: prices[i] || '0' }))
    .filter((t) => t.code !== '');
  return { tiers, customer_can_change: b.customer_can_change === 'on' || b.customer_can_change === 'true' };
}
