import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // a service's quota state, kept only while there is something to remember (a mail sent this month, a
  // limit on the panel, a step still pending): a service under its threshold with nothing applied has no
  // row, so an hourly run over thousands of quiet services writes nothing
  await knex.schema.createTable('service_quotas', (t) => {
    t.integer('service_id').primary().references('id').inTable('services');
    // the month (YYYY-MM in BILLING_TZ) the state was decided for
    t.string('period', 7).notNullable();
    // ok | warned | limited
    t.string('state', 8).notNullable();
    t.bigInteger('used_bytes').notNullable();
    t.bigInteger('limit_bytes').notNullable();
    // the months the warning and the "reached" mail went out for: once a month each
    t.string('warned_period', 7);
    t.string('reached_period', 7);
    // what is in force on the panel: none | throttle | suspend (with the throttled speed)
    t.string('applied', 8).notNullable().defaultTo('none');
    t.integer('applied_mbps');
    // why the step the state asks for is not on the panel yet (retried by the next run)
    t.string('pending_error', 500);
    t.string('updated_at', 32).notNullable();
  });
  await knex.schema.createTable('quota_top_ups', (t) => {
    t.increments('id').primary();
    t.integer('service_id').notNullable().references('id').inTable('services');
    t.string('period', 7).notNullable();
    t.integer('gb').notNullable();
    t.string('created_at', 32).notNullable();
    t.index(['service_id', 'period']);
  });
  // what happened to a service's quota, for its page: warned, limited, restored, top_up, failed
  await knex.schema.createTable('quota_events', (t) => {
    t.increments('id').primary();
    t.integer('service_id').notNullable().references('id').inTable('services');
    t.string('period', 7).notNullable();
    t.string('kind', 16).notNullable();
    t.bigInteger('used_bytes').notNullable();
    t.bigInteger('limit_bytes').notNullable();
    t.string('detail', 500);
    t.string('at', 32).notNullable();
    t.index(['service_id', 'id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
