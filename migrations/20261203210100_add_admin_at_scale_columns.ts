import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // the last Test Connection of each server, for the servers list's health columns
  await knex.schema.alterTable('servers', (t) => {
    t.string('last_test_at', 32);
    t.boolean('last_test_ok');
    t.string('last_test_summary', 500);
    t.string('panel_version', 64);
    t.integer('slots_used');
    t.integer('slots_total');
  });
  // "provision new services automatically": API-created services run create at once when on
  await knex.schema.alterTable('products', (t) => {
    t.boolean('auto_provision').notNullable().defaultTo(false);
  });
  // a terminated service the admin retired no longer shows on the customer's dashboard
  await knex.schema.alterTable('services', (t) => {
    t.string('retired_at', 32);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
