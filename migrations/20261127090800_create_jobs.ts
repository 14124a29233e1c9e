import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_leases', (t) => {
    t.string('name', 64).primary();
    t.string('holder', 128).notNullable();
    // epoch milliseconds: compared numerically, the same on both dialects
    t.bigInteger('expires_at').notNullable();
  });
  await knex.schema.createTable('job_runs', (t) => {
    t.bigIncrements('id').primary();
    t.string('job', 64).notNullable();
    t.string('holder', 128).notNullable();
    t.string('status', 16).notNullable();
    t.string('started_at', 32).notNullable();
    t.string('finished_at', 32);
    t.text('summary');
    t.text('error');
    t.index(['job', 'id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
