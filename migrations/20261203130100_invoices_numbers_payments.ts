import type { Knex } from 'knex';

// Invoices become documents: a gapless number, a status, issue and due dates, subtotal, tax and total,
// seller and buyer as they stood at issue; lines of three kinds (recurring, setup, usage); payments; the
// counters numbers are drawn from. A voided invoice may be replaced by a new one for the same month, so
// "one invoice per client and month" now holds for the invoices that are not void.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('invoices', (t) => {
    t.dropUnique(['client_id', 'period']);
  });
  await knex.schema.alterTable('invoices', (t) => {
    t.string('number', 20).unique();
    // open | paid | void
    t.string('status', 8).notNullable().defaultTo('open');
    t.string('issued_at', 32);
    t.string('due_date', 10);
    t.bigInteger('subtotal_minor').notNullable().defaultTo(0);
    t.bigInteger('tax_minor').notNullable().defaultTo(0);
    t.string('tax_rate', 16).notNullable().defaultTo('0');
    t.bigInteger('paid_minor').notNullable().defaultTo(0);
    t.string('paid_at', 32);
    t.string('voided_at', 32);
    // once per invoice: the mail telling the customer it is overdue
    t.string('overdue_notified_at', 32);
    // JSON: the seller (company profile) and the buyer (client) as they were at issue
    t.text('parties');
    t.index(['status', 'due_date']);
  });
  await knex.raw("CREATE UNIQUE INDEX invoices_client_period_live ON invoices (client_id, period) WHERE status <> 'void'");
  await knex.schema.alterTable('invoice_lines', (t) => {
    t.dropUnique(['service_id', 'metric', 'period']);
  });
  await knex.schema.alterTable('invoice_lines', (t) => {
    t.string('metric', 16).nullable().alter();
    t.bigInteger('bytes').nullable().alter();
    t.string('gb', 32).nullable().alter();
    t.integer('included_gb').nullable().alter();
    t.string('billable_gb', 32).nullable().alter();
    t.string('unit_price', 32).nullable().alter();
    t.text('days').nullable().alter();
    // recurring | setup | usage
    t.string('kind', 16).notNullable().defaultTo('usage');
    t.string('description', 300);
    // the days a recurring line charges for
    t.integer('days_count');
    t.index(['invoice_id']);
  });
  await knex.schema.createTable('invoice_payments', (t) => {
    t.increments('id').primary();
    t.integer('invoice_id').notNullable().references('id').inTable('invoices');
    t.bigInteger('amount_minor').notNullable();
    t.string('reference', 100).notNullable();
    t.string('paid_at', 32).notNullable();
    t.string('created_at', 32).notNullable();
    t.unique(['invoice_id', 'reference']);
  });
  await knex.schema.createTable('invoice_counters', (t) => {
    t.integer('year').primary();
    t.integer('last_number').notNullable();
  });
  await numberExisting(knex);
}

/** Invoices issued before numbers existed get theirs in the order they were made, due 14 days after. */
async function numberExisting(knex: Knex): Promise<void> {
  const rows: { id: number; created_at: string; total_minor: number | string }[] = await knex('invoices').orderBy('id').select('id', 'created_at', 'total_minor');
  const counters = new Map<number, number>();
  for (const r of rows) {
    const year = Number(r.created_at.slice(0, 4));
    const n = (counters.get(year) ?? 0) + 1;
    counters.set(year, n);
    const due = new Date(Date.parse(`${r.created_at.slice(0, 10)}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    await knex('invoices').where({ id: r.id }).update({ number: `${year}-${String(n).padStart(6, '0')}`, issued_at: r.created_at, due_date: due, subtotal_minor: r.total_minor });
  }
  for (const [year, last] of counters) await knex('invoice_counters').insert({ year, last_number: last });
}

export async function down(): Promise<void> {
  throw new Error('forward-only migration');
}
