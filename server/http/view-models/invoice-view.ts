/**
 * Invoices as the admin API answers them (admin-api.md "Invoice" and "Plans, speed tiers and invoices",
 * plus what the amounts were computed with) and as the pages and CSV show them.
 */
import { amountDue, invoiceJson } from '../../domain/billing/invoice-json.js';
import { BILLING_RULES_TEXT, formatMinor } from '../../domain/billing/money.js';
import type { Invoice } from '../../repositories/invoices.repository.js';

export { amountDue, invoiceJson };

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
