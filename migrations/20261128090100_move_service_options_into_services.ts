import type { Knex } from 'knex';

// Plugin API v2: a service's options are the module's, stored as one JSON document the portal does not
// read (name → value); the name/value rows of service_options move into it.
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('services', 'options'))) {
    await knex.schema.alterTable('services', (t) => {
      t.text('options').notNullable().defaultTo('{}');
    });
  }
  if (!(await knex.schema.hasTable('service_options'))) return;
  const rows: { service_id: number; name: string; value: number | string }[] = await knex('service_options').orderBy(['service_id', 'name']);
  const byService = new Map<number, Record<string, number>>();
  for (const r of rows) byService.set(Number(r.service_id), { ...byService.get(Number(r.service_id)), [r.name]: Number(r.value) });
  // knex runs each migration in a transaction: the copy and the drop land together or not at all
  for (const [id, options] of byService) await knex('services').where({ id }).update({ options: JSON.stringify(options) });
  await knex.schema.dropTable('service_options');
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
