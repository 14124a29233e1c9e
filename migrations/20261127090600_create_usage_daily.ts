import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('usage_daily', (t) => {
    t.bigIncrements('id').primary();
    t.integer('service_id').notNullable().references('id').inTable('services');
    // a day of BILLING_TZ, YYYY-MM-DD
    t.string('day', 10).notNullable();
    t.bigInteger('download_bytes').notNullable().defaultTo(0);
    t.bigInteger('upload_bytes').notNullable().defaultTo(0);
    t.integer('server_id');
    t.string('collected_at', 32).notNullable();
    t.unique(['service_id', 'day']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
