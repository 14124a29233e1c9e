import type { Knex } from 'knex';

// the columns the admin lists search by their start (server/repositories/paged-list.ts startsWith): SQLite
// uses a NOCASE index for `LIKE 'x%'`, PostgreSQL an index on lower(column) with text_pattern_ops
const SEARCHED: [table: string, column: string][] = [
  ['users', 'email'],
  ['users', 'name'],
  ['services', 'username'],
  ['services', 'dedicated_ip'],
];

// filter + newest first: each list's filter column followed by the id it is ordered by
const FILTERED: [table: string, columns: string[]][] = [
  ['users', ['role', 'id']],
  ['services', ['status', 'id']],
  ['services', ['product_id', 'id']],
  ['services', ['server_id', 'id']],
  ['services', ['client_id', 'id']],
  ['invoices', ['period', 'id']],
  ['invoices', ['client_id', 'id']],
];

export async function up(knex: Knex): Promise<void> {
  const sqlite = String(knex.client.config.client).startsWith('sqlite');
  for (const [table, column] of SEARCHED) {
    const name = `${table}_${column}_prefix_index`;
    await knex.raw(sqlite ? `create index ?? on ?? (?? collate nocase)` : `create index ?? on ?? (lower(??) text_pattern_ops)`, [name, table, column]);
  }
  for (const [table, columns] of FILTERED) {
    await knex.schema.alterTable(table, (t) => {
      t.index(columns, `${table}_${columns.join('_')}_list_index`);
    });
  }
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
