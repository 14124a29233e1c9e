import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // replaces login_throttle, whose per-account counter let a stranger lock the owner out and whose
  // read-then-write let a burst of parallel tries through; keys are SHA-256 hex, so an email of any
  // length fits and no address or email is stored in clear
  await knex.schema.createTable('sign_in_limits', (t) => {
    t.string('key', 64).primary();
    // the account a (account, address) row belongs to, so a password reset can clear its rows
    t.string('account', 64).index();
    // epoch milliseconds, compared numerically on both dialects
    t.bigInteger('window_start').notNullable();
    // failures plus tries in flight in the current window
    t.integer('attempts').notNullable();
    // how many times the key was locked in a row: each lock lasts twice the previous one
    t.integer('strikes').notNullable().defaultTo(0);
    t.bigInteger('locked_until').notNullable().defaultTo(0);
    t.bigInteger('updated_at').notNullable().index();
  });
  await knex.schema.dropTable('login_throttle');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
