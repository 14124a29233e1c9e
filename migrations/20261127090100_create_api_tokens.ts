import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.increments('id').primary();
    t.string('name', 100).notNullable().unique();
    // SHA-256 of the token: tokens are long random strings, so a fast hash is enough and lookup stays O(1)
    t.string('token_hash', 64).notNullable().unique();
    t.string('created_at', 32).notNullable();
    t.string('last_used_at', 32);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
