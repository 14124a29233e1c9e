/**
 * Invoices and their lines. An invoice and all its lines are written in one transaction; the unique
 * (client_id, period) and (service_id, metric, period) keys make a second writer fail instead of duplicating.
 */
import type { Knex } from 'knex';
import type { InvoiceLine, MetricName } from '../domain/billing/invoice-lines.js';
import { isUniqueViolation } from '../db/create-db.js';
import { filters, type ListPage, type ListQuery } from '../domain/lists/list-query.js';
import { applyFilters, idTerm, readPage, type ListFilters } from './paged-list.js';
import { clientsStartingWith } from './service-list.js';

/** period and client_id; a status joins them when invoices have one. */
export const invoiceListFilters: ListFilters = {
  period: { ...filters.month(), apply: (q, v) => { q.where('period', v); } },
  client_id: { ...filters.id(), apply: (q, v) => { q.where('client_id', v); } },
};

/** One day a line was computed from. */
export interface LineDay {
  date: string;
  bytes: number;
}

/** A stored line: the admin API's line plus the days it came from. */
export interface StoredLine extends InvoiceLine {
  days: LineDay[];
}

/** A stored invoice with what its amounts were computed with. */
export interface Invoice {
  id: number;
  clientId: number;
  period: string;
  currency: string;
  totalMinor: number;
  gbBase: number;
  rounding: string;
  timeZone: string;
  createdAt: string;
  lines: StoredLine[];
}

/** What generate-invoices hands over to be stored. */
export type NewInvoice = Omit<Invoice, 'id'>;

interface InvoiceRow {
  id: number;
  client_id: number;
  period: string;
  currency: string;
  total_minor: number | string;
  gb_base: number | string;
  rounding: string;
  time_zone: string;
  created_at: string;
}

const METRIC_ORDER: Record<string, number> = { download: 0, upload: 1 };

/** The invoices repository's methods. */
export type InvoicesRepository = ReturnType<typeof invoicesRepository>;

/** Builds the invoices repository. */
export function invoicesRepository(db: Knex) {
  async function withLines(rows: InvoiceRow[]): Promise<Invoice[]> {
    if (rows.length === 0) return [];
    const lines = new Map<number, StoredLine[]>();
    for (let i = 0; i < rows.length; i += 500) {
      for (const l of await db('invoice_lines').whereIn('invoice_id', rows.slice(i, i + 500).map((r) => r.id)).orderBy('id')) {
        const list = lines.get(Number(l.invoice_id)) ?? [];
        list.push({
          service_id: Number(l.service_id),
          metric: l.metric as MetricName,
          bytes: Number(l.bytes),
          gb: l.gb,
          included_gb: Number(l.included_gb),
          billable_gb: l.billable_gb,
          unit_price: l.unit_price,
          amount_minor: Number(l.amount_minor),
          days: JSON.parse(l.days) as LineDay[],
        });
        lines.set(Number(l.invoice_id), list);
      }
    }
    return rows.map((r) => ({
      id: Number(r.id),
      clientId: Number(r.client_id),
      period: r.period,
      currency: r.currency,
      totalMinor: Number(r.total_minor),
      gbBase: Number(r.gb_base),
      rounding: r.rounding,
      timeZone: r.time_zone,
      createdAt: r.created_at,
      lines: (lines.get(Number(r.id)) ?? []).sort((a, b) => a.service_id - b.service_id || METRIC_ORDER[a.metric] - METRIC_ORDER[b.metric]),
    }));
  }

  return {
    /** Stores an invoice with its lines; resolves null (storing nothing) when the client already has one for the month. */
    async create(invoice: NewInvoice): Promise<number | null> {
      const insert = db.transaction(async (trx) => {
        const [row] = await trx('invoices')
          .insert({
            client_id: invoice.clientId, period: invoice.period, currency: invoice.currency, total_minor: invoice.totalMinor,
            gb_base: invoice.gbBase, rounding: invoice.rounding, time_zone: invoice.timeZone, created_at: invoice.createdAt,
          })
          .returning('id');
        const id = Number(typeof row === 'object' ? (row as { id: number }).id : row);
        for (let i = 0; i < invoice.lines.length; i += 200) {
          await trx('invoice_lines').insert(
            invoice.lines.slice(i, i + 200).map((l) => ({
              invoice_id: id, service_id: l.service_id, metric: l.metric, period: invoice.period, bytes: l.bytes, gb: l.gb,
              included_gb: l.included_gb, billable_gb: l.billable_gb, unit_price: l.unit_price, amount_minor: l.amount_minor, days: JSON.stringify(l.days),
            })),
          );
        }
        return id;
      });
      try {
        return await insert;
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
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
    /** Invoices newest period first, filtered by period and/or client. */
    async list(filter: { period?: string; clientId?: number; limit?: number } = {}): Promise<Invoice[]> {
      const q = db<InvoiceRow>('invoices').orderBy([{ column: 'period', order: 'desc' }, { column: 'client_id' }]).limit(filter.limit ?? 1000);
      if (filter.period) q.where({ period: filter.period });
      if (filter.clientId !== undefined) q.where({ client_id: filter.clientId });
      return withLines(await q);
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
    /** The ids of the clients already invoiced for a month. */
    async invoicedClients(period: string): Promise<Set<number>> {
      return new Set((await db('invoices').where({ period }).select('client_id')).map((r) => Number(r.client_id)));
    },
  };
}
