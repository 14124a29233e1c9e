import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // a session names its user in an indexed column, so every session of a user can be ended at once
  // (password set, account disabled, "sign out everywhere"); its expiry in epoch milliseconds compares
  // the same on both dialects. Rows from before carry neither and are treated as ended: their users
  // sign in again once.
  await knex.schema.alterTable('sessions', (t) => {
    t.integer('user_id').index();
    t.bigInteger('expires_at').index();
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
