import type { Knex } from 'knex';

// Plugin API v2: a server belongs to one provisioning module, which declares what else it stores.
export async function up(knex: Knex): Promise<void> {
  if (await knex.schema.hasColumn('servers', 'module')) return;
  await knex.schema.alterTable('servers', (t) => {
    // the portal always writes it; the empty default exists only so the column can be added to a table with rows
    t.string('module', 32).notNullable().defaultTo('');
    // the module's own settings document (JSON text: identical on SQLite and PostgreSQL)
    t.text('settings').notNullable().defaultTo('{}');
  });
  // every server added before this column was tested and provisioned by the one module shipped then
  await knex('servers').where({ module: '' }).update({ module: 'puqvpncp' });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
