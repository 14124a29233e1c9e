import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('services', (t) => {
    t.increments('id').primary();
    t.integer('client_id').notNullable().references('id').inTable('users');
    t.integer('product_id').notNullable().references('id').inTable('products');
    t.integer('server_id').references('id').inTable('servers');
    t.string('status', 16).notNullable();
    // the VPN client name: unique across all services (NULLs do not collide on either dialect)
    t.string('username', 64).unique();
    t.string('network_name', 100);
    t.string('dedicated_ip', 64);
    t.text('password_enc');
    t.text('last_error');
    // 'creating' while a panel create is in flight: a retry after a lost answer looks the name up first
    t.string('pending_action', 32);
    t.string('terminated_at', 32);
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.index(['client_id']);
    t.index(['status']);
  });
  await knex.schema.createTable('service_options', (t) => {
    t.integer('service_id').notNullable().references('id').inTable('services');
    t.string('name', 32).notNullable();
    t.integer('value').notNullable();
    t.primary(['service_id', 'name']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
