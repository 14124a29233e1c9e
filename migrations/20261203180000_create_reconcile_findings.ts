import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // a difference reconciliation found between a panel and the portal; open while resolved_at is null
  await knex.schema.createTable('reconcile_findings', (t) => {
    t.increments('id').primary();
    // orphan | missing | status | caps | network
    t.string('kind', 16).notNullable();
    t.integer('server_id').notNullable().references('id').inTable('servers').onDelete('CASCADE');
    t.integer('service_id').references('id').inTable('services');
    t.string('client_name', 64).notNullable();
    // JSON: what each side holds
    t.text('portal');
    t.text('panel');
    t.string('first_seen_at', 32).notNullable();
    t.string('last_seen_at', 32).notNullable();
    t.string('resolved_at', 32);
    // "gone" when a run no longer found it, else the repair that closed it
    t.string('resolution', 200);
    // "kind:server:name" while open, null once resolved: one open finding per difference (NULLs never collide)
    t.string('open_key', 120).unique();
    // a repair in progress (ISO time), so two clicks do not repair twice
    t.string('repairing_at', 32);
    t.index(['resolved_at', 'kind']);
    t.index(['server_id']);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
