import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // who holds a lease and when it last said it was alive, so the next run can tell a dead holder at
  // once (same machine, process gone) instead of waiting for the lease to expire
  await knex.schema.alterTable('job_leases', (t) => {
    t.integer('owner_pid');
    t.string('owner_host', 200);
    // epoch milliseconds of the holder's last renewal
    t.bigInteger('heartbeat_at');
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
