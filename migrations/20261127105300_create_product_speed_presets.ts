import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // the tiers a customer may pick for a product's speed options (WHMCS configurable options, §3 "Speed presets")
  await knex.schema.createTable('product_speed_presets', (t) => {
    t.integer('product_id').notNullable().references('id').inTable('products');
    // a service option name: b_download or b_upload
    t.string('option_name', 32).notNullable();
    // Mbit/s; 0 = unlimited
    t.integer('mbps').notNullable();
    t.string('label', 100).notNullable();
    t.string('created_at', 32).notNullable();
    t.primary(['product_id', 'option_name', 'mbps']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
