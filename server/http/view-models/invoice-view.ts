/**
 * Invoices as the admin API answers them (admin-api.md "Invoice" and "Plans, speed tiers and invoices",
 * plus what the amounts were computed with) and as the pages and CSV show them.
 */
import { BILLING_RULES_TEXT, formatMinor } from '../../domain/billing/money.js';
import type { Invoice, StoredLine } from '../../repositories/invoices.repository.js';

/** One line in the API's shape: usage lines keep their days of traffic, recurring lines their day count. */
function lineJson(l: StoredLine) {
  const base = { kind: l.kind, service_id: l.service_id, description: l.description, amount_minor: l.amount_minor };
  if (l.kind === 'usage') {
    return { ...base, metric: l.metric, bytes: l.bytes, gb: l.gb, included_gb: l.included_gb, billable_gb: l.billable_gb, unit_price: l.unit_price, days: l.days };
  }
  return { ...base, unit_price: l.unit_price, ...(l.kind === 'recurring' ? { days: l.days_count } : {}) };
}

/** The invoice object of the admin API. */
export function invoiceJson(inv: Omit<Invoice, 'lines'> & { lines?: StoredLine[] }) {
  return {
    id: inv.id,
    number: inv.number,
    status: inv.status,
    client_id: inv.clientId,
    period: inv.period,
    currency: inv.currency,
    issued_at: inv.issuedAt,
    due_date: inv.dueDate,
    subtotal_minor: inv.subtotalMinor,
    tax_rate: inv.taxRate,
    tax_minor: inv.taxMinor,
    total_minor: inv.totalMinor,
    paid_minor: inv.paidMinor,
    amount_due_minor: amountDue(inv),
    paid_at: inv.paidAt,
    voided_at: inv.voidedAt,
    seller: inv.parties?.seller ?? null,
    buyer: inv.parties?.buyer ?? null,
    gb_base: inv.gbBase,
    rounding: inv.rounding,
    time_zone: inv.timeZone,
    rules: BILLING_RULES_TEXT,
    created_at: inv.createdAt,
    ...(inv.lines ? { lines: inv.lines.map(lineJson) } : {}),
  };
}

/** What is still to pay: nothing on a paid or void invoice. */
export function amountDue(inv: Pick<Invoice, 'status' | 'totalMinor' | 'paidMinor'>): number {
  return inv.status === 'open' ? inv.totalMinor - inv.paidMinor : 0;
}

const STATUS_TEXT = { open: 'Open', paid: 'Paid', void: 'Void' } as const;

/** What an invoice page needs: the invoice with amounts written out in the currency. */
export function invoicePage(inv: Invoice) {
  const money = (minor: number) => formatMinor(minor, inv.currency);
  return {
    ...invoiceJson(inv),
    statusText: STATUS_TEXT[inv.status],
    subtotal: money(inv.subtotalMinor),
    tax: money(inv.taxMinor),
    total: money(inv.totalMinor),
    paid: money(inv.paidMinor),
    due: money(amountDue(inv)),
    issuedDay: inv.issuedAt.slice(0, 10),
    gbBaseText: '10^9 bytes',
    hasUsage: inv.lines.some((l) => l.kind === 'usage'),
    lines: inv.lines.map((l) => ({ ...l, amount: money(l.amount_minor), unit: l.unit_price === null ? '' : `${l.unit_price} ${inv.currency}${l.kind === 'usage' ? ' / GB' : l.kind === 'recurring' ? ' / month' : ''}` })),
  };
}

/** A row of an invoice list page. */
export function invoiceRow(inv: Omit<Invoice, 'lines'>) {
  return {
    id: inv.id,
    number: inv.number,
    period: inv.period,
    status: inv.status,
    statusText: STATUS_TEXT[inv.status],
    clientId: inv.clientId,
    dueDate: inv.dueDate,
    total: formatMinor(inv.totalMinor, inv.currency),
    due: formatMinor(amountDue(inv), inv.currency),
    dueMinor: amountDue(inv),
  };
}

/** The CSV rows of one invoice: a header, one row per line, then subtotal, tax, total and the rules. */
export function invoiceCsvRows(inv: Invoice): (string | number)[][] {
  const cell = (v: string | number | null) => v ?? '';
  return [
    ['invoice_id', 'number', 'client_id', 'period', 'service_id', 'kind', 'description', 'metric', 'bytes', 'gb', 'included_gb', 'billable_gb', 'unit_price', 'days', 'amount_minor', 'currency'],
    ...inv.lines.map((l) => [inv.id, inv.number, inv.clientId, inv.period, l.service_id, l.kind, l.description, cell(l.metric), cell(l.bytes), cell(l.gb), cell(l.included_gb), cell(l.billable_gb), cell(l.unit_price), cell(l.days_count), l.amount_minor, inv.currency]),
    [inv.id, inv.number, inv.clientId, inv.period, '', 'subtotal', '', '', '', '', '', '', '', '', inv.subtotalMinor, inv.currency],
    [inv.id, inv.number, inv.clientId, inv.period, '', 'tax', `${inv.taxRate} %`, '', '', '', '', '', '', '', inv.taxMinor, inv.currency],
    [inv.id, inv.number, inv.clientId, inv.period, '', 'total', '', '', '', '', '', '', '', '', inv.totalMinor, inv.currency],
    [`# GB base ${inv.gbBase} bytes; rounding ${inv.rounding}; time zone ${inv.timeZone}. ${BILLING_RULES_TEXT} Recurring lines: round_half_up(monthly price × days / days in month).`],
  ];
}
