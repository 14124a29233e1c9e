import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // the customer's chosen language (a shipped language's code, e.g. "ru", "zh-CN"); null until chosen,
  // when Accept-Language and the installation's default decide
  await knex.schema.alterTable('users', (t) => {
    t.string('language', 16);
  });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
