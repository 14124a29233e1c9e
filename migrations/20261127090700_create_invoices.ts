import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invoices', (t) => {
    t.increments('id').primary();
    t.integer('client_id').notNullable().references('id').inTable('users');
    t.string('period', 7).notNullable();
    t.string('currency', 3).notNullable();
    t.bigInteger('total_minor').notNullable();
    // what the amounts were computed with, stated on the invoice
    t.bigInteger('gb_base').notNullable();
    t.string('rounding', 32).notNullable();
    t.string('time_zone', 64).notNullable();
    t.string('created_at', 32).notNullable();
    t.unique(['client_id', 'period']);
  });
  await knex.schema.createTable('invoice_lines', (t) => {
    t.increments('id').primary();
    t.integer('invoice_id').notNullable().references('id').inTable('invoices');
    t.integer('service_id').notNullable().references('id').inTable('services');
    t.string('metric', 16).notNullable();
    t.string('period', 7).notNullable();
    t.bigInteger('bytes').notNullable();
    t.string('gb', 32).notNullable();
    t.integer('included_gb').notNullable();
    t.string('billable_gb', 32).notNullable();
    t.string('unit_price', 32).notNullable();
    t.bigInteger('amount_minor').notNullable();
    // the daily rows the line was computed from, [{date, bytes}], so every amount can be traced
    t.text('days').notNullable();
    t.unique(['service_id', 'metric', 'period']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
