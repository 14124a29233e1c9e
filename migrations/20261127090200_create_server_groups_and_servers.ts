import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('server_groups', (t) => {
    t.increments('id').primary();
    t.string('name', 100).notNullable().unique();
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
  });
  await knex.schema.createTable('servers', (t) => {
    t.increments('id').primary();
    t.string('name', 100).notNullable();
    t.string('hostname', 253).notNullable();
    t.integer('port').notNullable();
    t.boolean('secure').notNullable().defaultTo(false);
    t.boolean('allow_self_signed').notNullable().defaultTo(false);
    // AES-256-GCM with APP_KEY; never sent to a page or an API answer
    t.text('api_token_enc').notNullable();
    t.integer('server_group_id').notNullable().references('id').inTable('server_groups');
    t.boolean('enabled').notNullable().defaultTo(true);
    t.integer('connect_timeout_ms');
    t.integer('response_timeout_ms');
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.index(['server_group_id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
