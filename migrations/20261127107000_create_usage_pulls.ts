import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // one row per metered service: when its traffic was last read successfully, and the last failure;
  // usage_daily alone cannot tell an idle service (no rows) from one whose pulls keep failing
  await knex.schema.createTable('usage_pulls', (t) => {
    t.integer('service_id').primary().references('id').inTable('services');
    t.integer('server_id');
    t.string('last_success_at', 32);
    t.string('last_failure_at', 32);
    t.text('last_error');
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
