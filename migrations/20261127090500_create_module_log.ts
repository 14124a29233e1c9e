import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('module_log', (t) => {
    t.bigIncrements('id').primary();
    t.integer('service_id');
    t.integer('server_id');
    t.string('action', 64).notNullable();
    t.string('method', 8);
    t.string('path', 300);
    // secrets are masked before a row is written
    t.text('request');
    t.text('response');
    t.integer('http_status');
    t.integer('duration_ms');
    t.text('error');
    t.string('created_at', 32).notNullable();
    t.index(['service_id', 'id']);
    t.index(['server_id', 'id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
