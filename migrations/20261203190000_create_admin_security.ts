import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    // admins only: owner (everything) or support (customers, services, invoices read-only)
    t.string('admin_role', 16);
    // the TOTP secret sealed with APP_KEY; set while enrolling, confirmed once totp_enabled_at is set
    t.string('totp_secret', 255);
    t.string('totp_enabled_at', 32);
    // the last time step a code was accepted for: a code of that step or an earlier one is refused
    t.bigInteger('totp_last_step');
  });
  // every admin that exists before roles did could do everything
  await knex('users').where({ role: 'admin' }).update({ admin_role: 'owner' });
  await knex.schema.alterTable('api_tokens', (t) => {
    t.string('role', 16).notNullable().defaultTo('owner');
  });
  // single-use recovery codes of a user's second factor, stored as SHA-256 (80 random bits each)
  await knex.schema.createTable('user_recovery_codes', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    t.string('code_hash', 64).notNullable();
    t.bigInteger('used_at');
  });
  // append-only: the code has no update or delete path for these rows
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.string('at', 32).notNullable().index();
    // admin:<id> or token:<id>; actor_label is the email or token name at the time
    t.string('actor_kind', 8).notNullable();
    t.integer('actor_id');
    t.string('actor_label', 254).notNullable();
    // the customer an admin acted as (sign in as customer)
    t.integer('as_user_id');
    t.string('ip', 64).notNullable();
    t.string('method', 8).notNullable();
    t.string('path', 500).notNullable();
    t.integer('status').notNullable();
    t.string('action', 100).notNullable();
    t.string('entity', 64).notNullable();
    t.string('entity_id', 64);
    // JSON of {field: {from?, to}}, secrets masked
    t.text('changes');
    t.index(['entity', 'entity_id']);
    t.index(['actor_label']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
