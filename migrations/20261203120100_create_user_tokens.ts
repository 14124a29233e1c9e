import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // single-use tokens mailed to a user: password resets and email-change confirmations. Only the
  // SHA-256 of a token is stored; the token itself exists only in the link that was mailed
  await knex.schema.createTable('user_tokens', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE').index();
    // password_reset | email_change
    t.string('purpose', 20).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    // the address an email change confirms
    t.string('new_email', 254);
    // epoch milliseconds
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('used_at');
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
