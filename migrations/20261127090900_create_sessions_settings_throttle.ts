import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // the shape connect-session-knex expects, created here so migrations own every table
  await knex.schema.createTable('sessions', (t) => {
    t.string('sid', 255).primary();
    t.json('sess').notNullable();
    t.timestamp('expired', { useTz: true }).notNullable().index();
  });
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 64).primary();
    t.text('value').notNullable();
  });
  await knex.schema.createTable('login_throttle', (t) => {
    t.string('key', 300).primary();
    t.bigInteger('window_start').notNullable();
    t.integer('failures').notNullable();
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
