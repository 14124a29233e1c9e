/**
 * Invoices as the admin API answers them (admin-api.md "Invoice", plus what the amounts were computed
 * with) and as the pages and CSV show them.
 */
import { BILLING_RULES_TEXT, formatMinor } from '../../domain/billing/money.js';
import type { Invoice } from '../../repositories/invoices.repository.js';

/** The invoice object of the admin API; lines keep the days they were computed from. */
export function invoiceJson(inv: Invoice) {
  return {
    id: inv.id,
    client_id: inv.clientId,
    period: inv.period,
    currency: inv.currency,
    total_minor: inv.totalMinor,
    gb_base: inv.gbBase,
    rounding: inv.rounding,
    time_zone: inv.timeZone,
    rules: BILLING_RULES_TEXT,
    created_at: inv.createdAt,
    lines: inv.lines.map((l) => ({
      service_id: l.service_id,
      metric: l.metric,
      bytes: l.bytes,
      gb: l.gb,
      included_gb: l.included_gb,
      billable_gb: l.billable_gb,
      unit_price: l.unit_price,
      amount_minor: l.amount_minor,
      days: l.days,
    })),
  };
}

/** What an invoice page needs: the invoice with amounts written out in the currency. */
export function invoicePage(inv: Invoice) {
  return {
    ...invoiceJson(inv),
    total: formatMinor(inv.totalMinor, inv.currency),
    gbBaseText: '10^9 bytes',
    lines: inv.lines.map((l) => ({ ...l, amount: formatMinor(l.amount_minor, inv.currency) })),
  };
}

/** The CSV rows of one invoice: a header, one row per line, then the total and the rules. */
export function invoiceCsvRows(inv: Invoice): (string | number)[][] {
  return [
    ['invoice_id', 'client_id', 'period', 'service_id', 'metric', 'bytes', 'gb', 'included_gb', 'billable_gb', 'unit_price', 'amount_minor', 'currency'],
    ...inv.lines.map((l) => [inv.id, inv.clientId, inv.period, l.service_id, l.metric, l.bytes, l.gb, l.included_gb, l.billable_gb, l.unit_price, l.amount_minor, inv.currency]),
    [inv.id, inv.clientId, inv.period, '', 'total', '', '', '', '', '', inv.totalMinor, inv.currency],
    [`# GB base ${inv.gbBase} bytes; rounding ${inv.rounding}; time zone ${inv.timeZone}. ${BILLING_RULES_TEXT}`],
  ];
}
