import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('products', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.integer('server_group_id').notNullable().references('id').inTable('server_groups');
    t.string('module', 32).notNullable();
    // the plugin's settings document as one JSON value (text: identical on SQLite and PostgreSQL)
    t.text('config').notNullable();
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
