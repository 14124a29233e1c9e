/**
 * Invoices, their lines and payments. An invoice and its lines are written in one transaction, which
 * also draws its number from the year's counter (the counter row's update serialises concurrent writers
 * on PostgreSQL, SQLite has one writer), so numbers are gapless: a rolled-back invoice takes its number
 * with it. A client has at most one invoice per month that is not void (a partial unique index).
 */
import type { Knex } from 'knex';
import type { MetricName } from '../domain/billing/invoice-lines.js';
import { paymentsRepository } from './invoice-payments.js';
import { filters, type ListPage, type ListQuery } from '../domain/lists/list-query.js';
import { applyFilters, idTerm, readPage, type ListFilters } from './paged-list.js';
import { clientsStartingWith } from './service-list.js';

/** period, client_id and status (open, paid, void). */
export const invoiceListFilters: ListFilters = {
  period: { ...filters.month(), apply: (q, v) => { q.where('period', v); } },
  client_id: { ...filters.id(), apply: (q, v) => { q.where('client_id', v); } },
  status: { ...filters.oneOf(['open', 'paid', 'void']), apply: (q, v) => { q.where('status', v); } },
};

/** One day a usage line was computed from. */
export interface LineDay {
  date: string;
  bytes: number;
}

export type LineKind = 'recurring' | 'setup' | 'usage';

/** A stored line; the usage fields are null on recurring and setup lines. */
export interface StoredLine {
  kind: LineKind;
  service_id: number;
  description: string;
  metric: MetricName | null;
  bytes: number | null;
  gb: string | null;
  included_gb: number | null;
  billable_gb: string | null;
  /** per GB (usage) or per month (recurring) or the fee (setup), as a decimal string */
  unit_price: string | null;
  amount_minor: number;
  /** the days of traffic a usage line came from */
  days: LineDay[];
  /** the days a recurring line charges for */
  days_count: number | null;
}

export type InvoiceStatus = 'open' | 'paid' | 'void';

/** Seller and buyer as they stood when the invoice was issued. */
export interface InvoiceParties {
  seller: { name: string; legalName: string | null; address: string | null; taxId: string | null; email: string | null };
  buyer: { id: number; name: string; email: string };
}

/** A stored invoice with what its amounts were computed with. */
export interface Invoice {
  id: number;
  number: string;
  status: InvoiceStatus;
  clientId: number;
  period: string;
  currency: string;
  subtotalMinor: number;
  taxMinor: number;
  taxRate: string;
  totalMinor: number;
  paidMinor: number;
  issuedAt: string;
  dueDate: string;
  paidAt: string | null;
  voidedAt: string | null;
  gbBase: number;
  rounding: string;
  timeZone: string;
  createdAt: string;
  parties: InvoiceParties | null;
  lines: StoredLine[];
}

/** What generation hands over to be stored; the number is drawn when it is stored. */
export type NewInvoice = Omit<Invoice, 'id' | 'number' | 'paidMinor' | 'paidAt' | 'voidedAt' | 'status'> & { status: 'open' | 'paid'; numberYear: number };

interface InvoiceRow {
  id: number;
  number: string | null;
  status: string;
  client_id: number;
  period: string;
  currency: string;
  subtotal_minor: number | string;
  tax_minor: number | string;
  tax_rate: string;
  total_minor: number | string;
  paid_minor: number | string;
  issued_at: string | null;
  due_date: string | null;
  paid_at: string | null;
  voided_at: string | null;
  gb_base: number | string;
  rounding: string;
  time_zone: string;
  created_at: string;
  parties: string | null;
}

const KIND_ORDER: Record<string, number> = { setup: 0, recurring: 1, usage: 2 };
const METRIC_ORDER: Record<string, number> = { download: 0, upload: 1 };

/** The invoices repository's methods. */
export type InvoicesRepository = ReturnType<typeof invoicesRepository>;

/** A filter of invoice lists. */
export interface InvoiceFilter {
  period?: string;
  clientId?: number;
  status?: InvoiceStatus;
  limit?: number;
}

function lineRow(invoiceId: number, period: string, l: StoredLine) {
  return {
    invoice_id: invoiceId, service_id: l.service_id, kind: l.kind, description: l.description, metric: l.metric, period, bytes: l.bytes, gb: l.gb,
    included_gb: l.included_gb, billable_gb: l.billable_gb, unit_price: l.unit_price, amount_minor: l.amount_minor,
    days: l.kind === 'usage' ? JSON.stringify(l.days) : null, days_count: l.days_count,
  };
}

function toLine(l: Record<string, unknown>): StoredLine {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    kind: (l.kind as LineKind | undefined) ?? 'usage',
    service_id: Number(l.service_id),
    description: (l.description as string | null) ?? '',
    metric: (l.metric as MetricName | null) ?? null,
    bytes: num(l.bytes),
    gb: (l.gb as string | null) ?? null,
    included_gb: num(l.included_gb),
    billable_gb: (l.billable_gb as string | null) ?? null,
    unit_price: (l.unit_price as string | null) ?? null,
    amount_minor: Number(l.amount_minor),
    days: typeof l.days === 'string' ? (JSON.parse(l.days) as LineDay[]) : [],
    days_count: num(l.days_count),
  };
}

/** Builds the invoices repository. */
export function invoicesRepository(db: Knex) {
  async function withLines(rows: InvoiceRow[]): Promise<Invoice[]> {
    if (rows.length === 0) return [];
    const lines = new Map<number, StoredLine[]>();
    for (let i = 0; i < rows.length; i += 500) {
      for (const l of await db('invoice_lines').whereIn('invoice_id', rows.slice(i, i + 500).map((r) => r.id)).orderBy('id')) {
        const list = lines.get(Number(l.invoice_id)) ?? [];
        list.push(toLine(l as Record<string, unknown>));
        lines.set(Number(l.invoice_id), list);
      }
    }
    return rows.map((r) => ({
      ...toInvoice(r),
      lines: (lines.get(Number(r.id)) ?? []).sort(
        (a, b) => a.service_id - b.service_id || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (METRIC_ORDER[a.metric ?? ''] ?? 0) - (METRIC_ORDER[b.metric ?? ''] ?? 0),
      ),
    }));
  }

  /**
   * Inserts invoices and their lines in the transaction, numbered in order: the year's counter is taken
   * first (its row stays locked until the transaction ends, so a concurrent writer waits, and a rollback
   * gives the numbers back), then the invoices and all their lines go in a few multi-row statements.
   */
  async function insertAll(trx: Knex.Transaction, invoices: NewInvoice[]): Promise<number[]> {
    const numbers: string[] = [];
    for (const year of [...new Set(invoices.map((i) => i.numberYear))].sort()) {
      const count = invoices.filter((i) => i.numberYear === year).length;
      await trx('invoice_counters').insert({ year, last_number: 0 }).onConflict('year').ignore();
      const [counter] = await trx('invoice_counters').where({ year }).increment('last_number', count).returning('last_number');
      let next = Number(typeof counter === 'object' ? (counter as { last_number: number }).last_number : counter) - count + 1;
      invoices.forEach((inv, i) => {
        if (inv.numberYear === year) numbers[i] = `${year}-${String(next++).padStart(6, '0')}`;
      });
    }
    const rows = invoices.map((invoice, i) => ({
      number: numbers[i], client_id: invoice.clientId, period: invoice.period, currency: invoice.currency, status: invoice.status, subtotal_minor: invoice.subtotalMinor, tax_minor: invoice.taxMinor,
      tax_rate: invoice.taxRate, total_minor: invoice.totalMinor, paid_minor: 0, issued_at: invoice.issuedAt, due_date: invoice.dueDate, paid_at: invoice.status === 'paid' ? invoice.issuedAt : null,
      gb_base: invoice.gbBase, rounding: invoice.rounding, time_zone: invoice.timeZone, created_at: invoice.createdAt, parties: invoice.parties ? JSON.stringify(invoice.parties) : null,
    }));
    for (let i = 0; i < rows.length; i += 200) await trx('invoices').insert(rows.slice(i, i + 200));
    const idOf = new Map<string, number>();
    for (let i = 0; i < numbers.length; i += 500) {
      for (const r of await trx('invoices').whereIn('number', numbers.slice(i, i + 500)).select('id', 'number')) idOf.set(r.number as string, Number(r.id));
    }
    const ids = numbers.map((n) => idOf.get(n) as number);
    const lines = invoices.flatMap((invoice, i) => invoice.lines.map((l) => lineRow(ids[i], invoice.period, l)));
    for (let i = 0; i < lines.length; i += 200) await trx('invoice_lines').insert(lines.slice(i, i + 200));
    return ids;
  }

  return {
    /**
     * Stores invoices with their lines and numbers, all or none (a savepoint when called inside a
     * transaction, so the caller's mails commit with them).
     * @returns their ids in order
     * @throws the database's unique violation when a client already has a live invoice for the month
     */
    async insertMany(invoices: NewInvoice[]): Promise<number[]> {
      if (invoices.length === 0) return [];
      return db.transaction((trx) => insertAll(trx, invoices));
    },
    async findById(id: number): Promise<Invoice | null> {
      const row = await db<InvoiceRow>('invoices').where({ id }).first();
      return row ? (await withLines([row]))[0] : null;
    },
    /** An invoice only when it belongs to the client: the one lookup customer pages use. */
    async findForClient(id: number, clientId: number): Promise<Invoice | null> {
      const row = await db<InvoiceRow>('invoices').where({ id, client_id: clientId }).first();
      return row ? (await withLines([row]))[0] : null;
    },
    /** Invoices newest period first, filtered by period, client and status. */
    async list(filter: InvoiceFilter = {}): Promise<Invoice[]> {
      const q = db<InvoiceRow>('invoices').orderBy([{ column: 'period', order: 'desc' }, { column: 'client_id' }, { column: 'id', order: 'desc' }]).limit(filter.limit ?? 1000);
      if (filter.period) q.where({ period: filter.period });
      if (filter.clientId !== undefined) q.where({ client_id: filter.clientId });
      if (filter.status) q.where({ status: filter.status });
      return withLines(await q);
    },
    /** Invoices without their lines (lists, dashboards, dunning). */
    async summaries(filter: InvoiceFilter = {}): Promise<Omit<Invoice, 'lines'>[]> {
      const q = db<InvoiceRow>('invoices').orderBy([{ column: 'period', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(filter.limit ?? 1000);
      if (filter.period) q.where({ period: filter.period });
      if (filter.clientId !== undefined) q.where({ client_id: filter.clientId });
      if (filter.status) q.where({ status: filter.status });
      return (await q).map(toInvoice);
    },
    /** One page of invoices, newest first: `q` is an invoice number, a month (YYYY-MM) or the start of the customer's email or name. */
    async search(list: ListQuery): Promise<ListPage<Invoice>> {
      const query = db<InvoiceRow>('invoices');
      if (list.q) {
        const q = list.q;
        const id = idTerm(q);
        // one union of ids, each part through its own index (an OR with the customers' subquery reads every invoice on PostgreSQL)
        const matches = db('invoices').select('id').whereIn('client_id', clientsStartingWith(db, q));
        if (/^\d{4}-\d{2}$/.test(q)) matches.union((u) => { u.select('id').from('invoices').where('period', q); });
        if (/^\d{4}-\d{6}$/.test(q)) matches.union((u) => { u.select('id').from('invoices').where('number', q); });
        query.where((w) => {
          w.whereIn('id', matches);
          if (id !== null) w.orWhere('id', id);
        });
      }
      applyFilters(query, invoiceListFilters, list.filters);
      const { rows, total } = await readPage<InvoiceRow>(query, [{ column: 'id', order: 'desc' }], list);
      return { items: await withLines(rows), page: list.page, perPage: list.perPage, total };
    },
    /** How many invoices were issued (the metrics). */
    async count(): Promise<number> {
      const row = await db('invoices').count<{ n: number | string }[]>({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    /** The ids of the clients already invoiced for a month (void invoices do not count: they are replaced). */
    async invoicedClients(period: string): Promise<Set<number>> {
      return new Set((await db('invoices').where({ period }).whereNot({ status: 'void' }).select('client_id')).map((r) => Number(r.client_id)));
    },
    /** Clients with an open invoice due before `dueBefore` (YYYY-MM-DD): dunning's suspensions. */
    async clientsOverdue(dueBefore: string): Promise<Set<number>> {
      return new Set((await db('invoices').where({ status: 'open' }).andWhere('due_date', '<', dueBefore).distinct('client_id')).map((r) => Number(r.client_id)));
    },
    /** Open invoices due before `dueBefore` whose customer has not been told yet. */
    async overdueUnnotified(dueBefore: string): Promise<Omit<Invoice, 'lines'>[]> {
      return (await db<InvoiceRow>('invoices').where({ status: 'open' }).andWhere('due_date', '<', dueBefore).whereNull('overdue_notified_at').orderBy('id')).map(toInvoice);
    },
    ...paymentsRepository(db),
  };
}

function toInvoice(r: InvoiceRow): Omit<Invoice, 'lines'> {
  return {
    id: Number(r.id),
    number: r.number ?? `#${r.id}`,
    status: r.status as InvoiceStatus,
    clientId: Number(r.client_id),
    period: r.period,
    currency: r.currency,
    subtotalMinor: Number(r.subtotal_minor),
    taxMinor: Number(r.tax_minor),
    taxRate: r.tax_rate,
    totalMinor: Number(r.total_minor),
    paidMinor: Number(r.paid_minor),
    issuedAt: r.issued_at ?? r.created_at,
    dueDate: r.due_date ?? r.created_at.slice(0, 10),
    paidAt: r.paid_at,
    voidedAt: r.voided_at,
    gbBase: Number(r.gb_base),
    rounding: r.rounding,
    timeZone: r.time_zone,
    createdAt: r.created_at,
    parties: r.parties ? (JSON.parse(r.parties) as InvoiceParties) : null,
  };
}
