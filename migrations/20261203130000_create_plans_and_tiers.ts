import type { Knex } from 'knex';

// Plans: a product's recurring price and setup fee, its priced speed tiers (host-owned; they replace the
// puqvpncp plugin's unpriced speed presets), the tier a service has, and the plan history billing splits
// a month by (which product and tier a service had from which day).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('products', (t) => {
    t.bigInteger('monthly_price_minor').notNullable().defaultTo(0);
    t.bigInteger('setup_fee_minor').notNullable().defaultTo(0);
    t.boolean('tiers_customer_can_change').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('product_speed_tiers', (t) => {
    t.increments('id').primary();
    t.integer('product_id').notNullable().references('id').inTable('products');
    t.string('code', 32).notNullable();
    t.string('name', 100).notNullable();
    // Mbit/s handed to the module as the tier's caps; 0 = unlimited
    t.integer('download_mbps').notNullable();
    t.integer('upload_mbps').notNullable();
    t.bigInteger('monthly_price_minor').notNullable();
    // the tier's own monthly traffic quota (GB), when it has one (read by quotas)
    t.integer('monthly_gb');
    t.integer('position').notNullable();
    // a tier taken off the product stays for the invoices of the days it applied
    t.string('retired_at', 32);
    t.string('created_at', 32).notNullable();
    t.unique(['product_id', 'code']);
  });
  await knex.schema.alterTable('services', (t) => {
    t.string('tier_code', 32);
    // why a suspended service is suspended: admin (an admin's action) or overdue (dunning)
    t.string('suspend_reason', 16);
  });
  await knex.schema.createTable('service_plan_periods', (t) => {
    t.increments('id').primary();
    t.integer('service_id').notNullable().references('id').inTable('services');
    // YYYY-MM-DD in BILLING_TZ: the plan applies from this day on until the next row's day
    t.string('from_day', 10).notNullable();
    t.integer('product_id').notNullable().references('id').inTable('products');
    t.string('tier_code', 32);
    // who changed it (admin, client, api, system) and when
    t.string('changed_by', 100).notNullable();
    t.string('created_at', 32).notNullable();
    t.unique(['service_id', 'from_day']);
  });
  await migratePresets(knex);
  await startPlanHistory(knex);
}

/**
 * Each product's presets become tiers: one per speed offered (download and upload at that speed), priced
 * 0 until the admin prices them, not changeable by customers until the admin allows it.
 */
async function migratePresets(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('puqvpncp_speed_presets'))) return;
  const rows: { product_id: number; mbps: number; label: string }[] = await knex('puqvpncp_speed_presets').orderBy(['product_id', 'mbps']).select('product_id', 'mbps', 'label');
  const byProduct = new Map<number, Map<number, string>>();
  for (const r of rows) {
    const speeds = byProduct.get(Number(r.product_id)) ?? new Map<number, string>();
    if (!speeds.has(Number(r.mbps))) speeds.set(Number(r.mbps), r.label);
    byProduct.set(Number(r.product_id), speeds);
  }
  const ts = new Date().toISOString();
  for (const [productId, speeds] of byProduct) {
    const tiers = [...speeds].map(([mbps, label], position) => ({
      product_id: productId, code: mbps === 0 ? 'unlimited' : `t${mbps}`, name: label.slice(0, 100), download_mbps: mbps, upload_mbps: mbps,
      monthly_price_minor: 0, position, created_at: ts,
    }));
    if (tiers.length > 0) await knex('product_speed_tiers').insert(tiers);
  }
  await knex.schema.dropTable('puqvpncp_speed_presets');
}

/** Services provisioned before plans existed start their history on the day they were created (UTC). */
async function startPlanHistory(knex: Knex): Promise<void> {
  const services: { id: number; product_id: number; created_at: string }[] = await knex('services').whereIn('status', ['active', 'suspended', 'terminated']).whereNotNull('username').select('id', 'product_id', 'created_at');
  const ts = new Date().toISOString();
  const rows = services.map((s) => ({ service_id: s.id, from_day: s.created_at.slice(0, 10), product_id: s.product_id, tier_code: null, changed_by: 'migration', created_at: ts }));
  for (let i = 0; i < rows.length; i += 500) await knex('service_plan_periods').insert(rows.slice(i, i + 500));
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
