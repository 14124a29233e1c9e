/**
 * What a product sells, as admins set it: its recurring price and setup fee, and its priced speed tiers
 * (which customers may pick when the product allows it). A tier taken off the product is retired, not
 * deleted, so the invoices of the days it applied still name and price it; a tier a service still has
 * cannot be taken off.
 */
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import { parseOrThrow } from '../validation.js';
import type { NewSpeedTier, ProductPricing, SpeedTier } from '../../repositories/plans.repository.js';
import { formatPriceMinor, parsePriceMinor } from './prices.js';

/** The tiers "Add the standard tiers" offers (the original module's speed presets), in Mbit/s; 0 = unlimited. */
export const STANDARD_SPEEDS = [10, 25, 50, 100, 250, 500, 1000, 0] as const;

const mbps = (field: string) => z.number({ error: `${field} must be a whole number of Mbit/s (0 = unlimited)` }).int(`${field} must be a whole number`).min(0, `${field} must not be negative`).max(1_000_000, `${field} is at most 1000000`);

const tierSchema = z.strictObject({
  code: z.string({ error: 'code is required' }).regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'code is 1–32 lowercase letters, digits, "_" or "-"'),
  name: z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(100, 'name is at most 100 characters'),
  download_mbps: mbps('download_mbps'),
  upload_mbps: mbps('upload_mbps'),
  monthly_price: z.union([z.string(), z.number()], { error: 'monthly_price is required, e.g. "2.00"' }),
  monthly_gb: z.number().int('monthly_gb must be a whole number of GB').min(0).max(1_000_000).nullable().optional(),
});

const tiersSchema = z.strictObject({
  tiers: z.array(tierSchema, { error: 'tiers must be a list' }).max(50, 'at most 50 tiers'),
  customer_can_change: z.boolean({ error: 'customer_can_change must be true or false' }).optional(),
});

const pricingSchema = z.strictObject({
  monthly_price: z.union([z.string(), z.number()], { error: 'monthly_price is required, e.g. "5.00"' }),
  setup_fee: z.union([z.string(), z.number()]).optional(),
});

/** A product's prices as the API answers them. */
export function pricingJson(p: ProductPricing) {
  return { monthly_price: formatPriceMinor(p.monthlyPriceMinor), setup_fee: formatPriceMinor(p.setupFeeMinor) };
}

/** A tier as the API answers it. */
export function tierJson(t: SpeedTier) {
  return { code: t.code, name: t.name, download_mbps: t.downloadMbps, upload_mbps: t.uploadMbps, monthly_price: formatPriceMinor(t.monthlyPriceMinor), monthly_gb: t.monthlyGb };
}

async function requireProduct(deps: DomainDeps, productId: number): Promise<ProductPricing> {
  const pricing = await deps.repos.plans.pricing(productId);
  if (!pricing) throw new NotFoundError('No such product');
  return pricing;
}

/**
 * Sets the monthly price and setup fee (setup fee unchanged when absent).
 * @throws NotFoundError; ValidationError naming monthly_price or setup_fee
 */
export async function setProductPricing(deps: DomainDeps, productId: number, input: unknown): Promise<ProductPricing> {
  const current = await requireProduct(deps, productId);
  const body = parseOrThrow(pricingSchema, input);
  const monthlyPriceMinor = parsePriceMinor(body.monthly_price, 'monthly_price');
  const setupFeeMinor = body.setup_fee === undefined ? current.setupFeeMinor : parsePriceMinor(body.setup_fee, 'setup_fee');
  await deps.repos.plans.setPricing(productId, { monthlyPriceMinor, setupFeeMinor });
  return (await deps.repos.plans.pricing(productId)) as ProductPricing;
}

/**
 * Replaces the product's offered tiers (the order given is the order customers see).
 * @throws NotFoundError; ValidationError naming the field (`tiers.N.code` …), a duplicate code, or a tier
 *   taken off while services still have it
 */
export async function setSpeedTiers(deps: DomainDeps, productId: number, input: unknown): Promise<{ tiers: SpeedTier[]; customerCanChange: boolean }> {
  const current = await requireProduct(deps, productId);
  const body = parseOrThrow(tiersSchema, input);
  const tiers: NewSpeedTier[] = body.tiers.map((t, i) => ({
    code: t.code, name: t.name, downloadMbps: t.download_mbps, uploadMbps: t.upload_mbps, monthlyPriceMinor: parsePriceMinor(t.monthly_price, `tiers.${i}.monthly_price`), monthlyGb: t.monthly_gb ?? null,
  }));
  const seen = new Set<string>();
  for (const [i, t] of tiers.entries()) {
    if (seen.has(t.code)) throw new ValidationError({ [`tiers.${i}.code`]: `"${t.code}" is given twice` });
    seen.add(t.code);
  }
  const customerCanChange = body.customer_can_change ?? current.customerCanChange;
  await deps.inTransaction(async (tx) => {
    const dropped = (await tx.repos.plans.tiers(productId)).map((t) => t.code).filter((code) => !seen.has(code));
    const inUse = await tx.repos.plans.servicesUsingTiers(productId, dropped);
    if (inUse.length > 0) {
      throw new ValidationError({ tiers: `tier ${inUse[0].tierCode} is still the tier of service${inUse.length > 1 ? 's' : ''} ${inUse.map((s) => `#${s.id}`).slice(0, 5).join(', ')}: change their tier first` });
    }
    await tx.repos.plans.replaceTiers(productId, tiers, customerCanChange);
  });
  return { tiers: await deps.repos.plans.tiers(productId), customerCanChange };
}

/**
 * Adds the standard tiers the product lacks (priced 0 until the admin prices them); existing ones stay.
 * @returns how many were added
 */
export async function addStandardTiers(deps: DomainDeps, productId: number): Promise<number> {
  const pricing = await requireProduct(deps, productId);
  const existing = await deps.repos.plans.tiers(productId);
  const codes = new Set(existing.map((t) => t.code));
  const added = STANDARD_SPEEDS.map((speed) => ({ code: speed === 0 ? 'unlimited' : `t${speed}`, speed })).filter((t) => !codes.has(t.code));
  if (added.length === 0) return 0;
  const tiers: NewSpeedTier[] = [
    ...existing.map((t) => ({ code: t.code, name: t.name, downloadMbps: t.downloadMbps, uploadMbps: t.uploadMbps, monthlyPriceMinor: t.monthlyPriceMinor, monthlyGb: t.monthlyGb })),
    ...added.map(({ code, speed }) => ({ code, name: speed === 0 ? 'Unlimited' : `${speed} Mbit/s`, downloadMbps: speed, uploadMbps: speed, monthlyPriceMinor: 0, monthlyGb: null })),
  ];
  await deps.inTransaction((tx) => tx.repos.plans.replaceTiers(productId, tiers, pricing.customerCanChange));
  return added.length;
}
