import type { Knex } from 'knex';

// Plugin tables carry the plugin id: the speed presets are the puqvpncp module's, not the portal's.
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('puqvpncp_speed_presets'))) {
    await knex.schema.createTable('puqvpncp_speed_presets', (t) => {
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
  if (!(await knex.schema.hasTable('product_speed_presets'))) return;
  // knex runs each migration in a transaction: the copy and the drop land together or not at all
  const rows = await knex('product_speed_presets').select('product_id', 'option_name', 'mbps', 'label', 'created_at');
  for (let i = 0; i < rows.length; i += 500) await knex('puqvpncp_speed_presets').insert(rows.slice(i, i + 500)).onConflict(['product_id', 'option_name', 'mbps']).ignore();
  await knex.schema.dropTable('product_speed_presets');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
