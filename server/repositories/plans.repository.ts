/**
 * What a product sells: its recurring price and setup fee, its priced speed tiers, and each service's plan
 * history (which product and tier applied from which day), the days billing prorates by. Amounts are
 * integer minor units.
 */
import type { Knex } from 'knex';

/** A product's prices. */
export interface ProductPricing {
  productId: number;
  monthlyPriceMinor: number;
  setupFeeMinor: number;
  /** whether customers may change their service's tier themselves */
  customerCanChange: boolean;
}

/** A priced speed tier of a product. */
export interface SpeedTier {
  productId: number;
  code: string;
  name: string;
  downloadMbps: number;
  uploadMbps: number;
  monthlyPriceMinor: number;
  monthlyGb: number | null;
  /** no longer offered; kept for the invoices of the days it applied */
  retired: boolean;
}

/** A tier as the product form and the API set it. */
export type NewSpeedTier = Omit<SpeedTier, 'productId' | 'retired'>;

/** One row of a service's plan history: from `fromDay` on (until the next row) the service had this plan. */
export interface PlanPeriod {
  serviceId: number;
  fromDay: string;
  productId: number;
  tierCode: string | null;
}

interface TierRow {
  product_id: number;
  code: string;
  name: string;
  download_mbps: number;
  upload_mbps: number;
  monthly_price_minor: number | string;
  monthly_gb: number | null;
  retired_at: string | null;
}

const toTier = (r: TierRow): SpeedTier => ({
  productId: Number(r.product_id),
  code: r.code,
  name: r.name,
  downloadMbps: Number(r.download_mbps),
  uploadMbps: Number(r.upload_mbps),
  monthlyPriceMinor: Number(r.monthly_price_minor),
  monthlyGb: r.monthly_gb === null ? null : Number(r.monthly_gb),
  retired: r.retired_at !== null,
});

export type PlansRepository = ReturnType<typeof plansRepository>;

/** Builds the plans repository. */
export function plansRepository(db: Knex, now: () => string) {
  return {
    async pricing(productId: number): Promise<ProductPricing | null> {
      const row = await db('products').where({ id: productId }).first('id', 'monthly_price_minor', 'setup_fee_minor', 'tiers_customer_can_change');
      return row ? { productId: Number(row.id), monthlyPriceMinor: Number(row.monthly_price_minor), setupFeeMinor: Number(row.setup_fee_minor), customerCanChange: Boolean(row.tiers_customer_can_change) } : null;
    },
    /** The prices of many products at once (invoice generation). */
    async pricingOf(productIds: number[]): Promise<Map<number, ProductPricing>> {
      const out = new Map<number, ProductPricing>();
      for (let i = 0; i < productIds.length; i += 500) {
        const rows = await db('products').whereIn('id', productIds.slice(i, i + 500)).select('id', 'monthly_price_minor', 'setup_fee_minor', 'tiers_customer_can_change');
        for (const row of rows) out.set(Number(row.id), { productId: Number(row.id), monthlyPriceMinor: Number(row.monthly_price_minor), setupFeeMinor: Number(row.setup_fee_minor), customerCanChange: Boolean(row.tiers_customer_can_change) });
      }
      return out;
    },
    async setPricing(productId: number, pricing: { monthlyPriceMinor: number; setupFeeMinor: number }): Promise<void> {
      await db('products').where({ id: productId }).update({ monthly_price_minor: pricing.monthlyPriceMinor, setup_fee_minor: pricing.setupFeeMinor, updated_at: now() });
    },
    /** The product's tiers in their order; retired ones only when asked for. */
    async tiers(productId: number, options: { withRetired?: boolean } = {}): Promise<SpeedTier[]> {
      const q = db<TierRow>('product_speed_tiers').where({ product_id: productId }).orderBy([{ column: 'position' }, { column: 'id' }]);
      if (!options.withRetired) q.whereNull('retired_at');
      return (await q).map(toTier);
    },
    /** Every tier (retired too) of these products, keyed "productId/code" (invoice generation). */
    async tiersOf(productIds: number[]): Promise<Map<string, SpeedTier>> {
      const out = new Map<string, SpeedTier>();
      for (let i = 0; i < productIds.length; i += 500) {
        for (const r of await db<TierRow>('product_speed_tiers').whereIn('product_id', productIds.slice(i, i + 500))) out.set(`${r.product_id}/${r.code}`, toTier(r));
      }
      return out;
    },
    async tier(productId: number, code: string): Promise<SpeedTier | null> {
      const row = await db<TierRow>('product_speed_tiers').where({ product_id: productId, code }).first();
      return row ? toTier(row) : null;
    },
    /**
     * Replaces the offered tiers: given codes are written (a retired code comes back), the others are
     * retired. Runs inside the caller's transaction (the repository is built over it).
     */
    async replaceTiers(productId: number, tiers: NewSpeedTier[], customerCanChange: boolean): Promise<void> {
      const ts = now();
      const existing = new Set((await db('product_speed_tiers').where({ product_id: productId }).select('code')).map((r: { code: string }) => r.code));
      for (const [position, t] of tiers.entries()) {
        const cols = { name: t.name, download_mbps: t.downloadMbps, upload_mbps: t.uploadMbps, monthly_price_minor: t.monthlyPriceMinor, monthly_gb: t.monthlyGb, position, retired_at: null };
        if (existing.has(t.code)) await db('product_speed_tiers').where({ product_id: productId, code: t.code }).update(cols);
        else await db('product_speed_tiers').insert({ ...cols, product_id: productId, code: t.code, created_at: ts });
      }
      const keep = tiers.map((t) => t.code);
      await db('product_speed_tiers').where({ product_id: productId }).whereNull('retired_at').whereNotIn('code', keep.length > 0 ? keep : ['']).update({ retired_at: ts });
      await db('products').where({ id: productId }).update({ tiers_customer_can_change: customerCanChange, updated_at: ts });
    },
    /** Services not terminated that hold one of these codes of the product (a tier in use is not retired). */
    async servicesUsingTiers(productId: number, codes: string[]): Promise<{ id: number; tierCode: string }[]> {
      if (codes.length === 0) return [];
      const rows = await db('services').where({ product_id: productId }).whereIn('tier_code', codes).whereNot({ status: 'terminated' }).select('id', 'tier_code');
      return rows.map((r: { id: number; tier_code: string }) => ({ id: Number(r.id), tierCode: r.tier_code }));
    },
    /** Records the plan a service has from `fromDay` on; a second change on the same day replaces the first. */
    async recordPeriod(period: PlanPeriod, changedBy: string): Promise<void> {
      await db('service_plan_periods')
        .insert({ service_id: period.serviceId, from_day: period.fromDay, product_id: period.productId, tier_code: period.tierCode, changed_by: changedBy.slice(0, 100), created_at: now() })
        .onConflict(['service_id', 'from_day'])
        .merge(['product_id', 'tier_code', 'changed_by', 'created_at']);
    },
    /** How many services' plan histories name the product (billing still prices those days). */
    async servicesWithProductInHistory(productId: number): Promise<number> {
      const row = await db('service_plan_periods').where({ product_id: productId }).countDistinct<{ n: number | string }[]>({ n: 'service_id' }).first();
      return Number(row?.n ?? 0);
    },
    /** A service's history, oldest first. */
    async periods(serviceId: number): Promise<PlanPeriod[]> {
      return (await db('service_plan_periods').where({ service_id: serviceId }).orderBy('from_day').select('service_id', 'from_day', 'product_id', 'tier_code')).map(toPeriod);
    },
    /** The histories of many services, each oldest first (invoice generation reads them in batches). */
    async periodsOf(serviceIds: number[]): Promise<Map<number, PlanPeriod[]>> {
      const out = new Map<number, PlanPeriod[]>();
      for (let i = 0; i < serviceIds.length; i += 500) {
        const rows = await db('service_plan_periods').whereIn('service_id', serviceIds.slice(i, i + 500)).orderBy(['service_id', 'from_day']).select('service_id', 'from_day', 'product_id', 'tier_code');
        for (const r of rows) {
          const p = toPeriod(r);
          const list = out.get(p.serviceId) ?? [];
          list.push(p);
          out.set(p.serviceId, list);
        }
      }
      return out;
    },
    /** Who changed a service's plan and when, newest first (the audit of tier and product changes). */
    async changes(serviceId: number): Promise<{ fromDay: string; productId: number; tierCode: string | null; changedBy: string; at: string }[]> {
      const rows = await db('service_plan_periods').where({ service_id: serviceId }).orderBy('from_day', 'desc').select('from_day', 'product_id', 'tier_code', 'changed_by', 'created_at');
      return rows.map((r: { from_day: string; product_id: number; tier_code: string | null; changed_by: string; created_at: string }) => ({ fromDay: r.from_day, productId: Number(r.product_id), tierCode: r.tier_code, changedBy: r.changed_by, at: r.created_at }));
    },
  };
}

function toPeriod(r: { service_id: number; from_day: string; product_id: number; tier_code: string | null }): PlanPeriod {
  return { serviceId: Number(r.service_id), fromDay: r.from_day, productId: Number(r.product_id), tierCode: r.tier_code };
}
