/**
 * Invoices as the admin API answers them (admin-api.md "Invoice", plus what the amounts were computed
 * with) and as the pages and CSV show them.
 */
import { BILLING_RULES_TEXT, formatMinor } from '../../domain/billing/money.js';
import type { Invoice } from '../../repositories/invoices.repository.js';
import type { Locale } from '../../plugins/plugin-api.js';

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

/**
 * What an invoice page needs: the invoice with its figures written out.
 * @param locale the customer's language (Intl figures); null for the admin's page, which writes them plainly
 */
export function invoicePage(inv: Invoice, locale: Locale | null = null) {
  const json = invoiceJson(inv);
  const money = (minor: number) => (locale ? locale.money(minor, inv.currency) : formatMinor(minor, inv.currency));
  const text = (value: string | number) => (locale ? locale.decimal(String(value)) : String(value));
  return {
    ...json,
    total: money(inv.totalMinor),
    month: locale ? locale.month(inv.period) : inv.period,
    issued: locale ? locale.dateTime(inv.createdAt) : inv.createdAt,
    gbBase: text(inv.gbBase),
    lines: json.lines.map((l) => ({
      ...l,
      amount: money(l.amount_minor),
      bytesText: text(l.bytes),
      gbText: text(l.gb),
      includedText: text(l.included_gb),
      billableText: text(l.billable_gb),
      price: locale ? locale.price(l.unit_price, inv.currency) : `${l.unit_price} ${inv.currency}`,
      days: l.days.map((d) => ({ ...d, dateText: locale ? locale.date(d.date) : d.date, bytesText: text(d.bytes) })),
    })),
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
