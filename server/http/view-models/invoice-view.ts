/**
 * Invoices as the admin API answers them (admin-api.md "Invoice" and "Plans, speed tiers and invoices",
 * plus what the amounts were computed with) and as the pages and CSV show them.
 */
import { amountDue, invoiceJson } from '../../domain/billing/invoice-json.js';
import { BILLING_RULES_TEXT, formatMinor } from '../../domain/billing/money.js';
import type { Invoice, StoredLine } from '../../repositories/invoices.repository.js';
import type { Locale } from '../../plugins/plugin-api.js';

export { amountDue, invoiceJson };

const STATUS_TEXT = { open: 'Open', paid: 'Paid', void: 'Void' } as const;
const STATUS_KEY = { open: 'invoices.statusOpen', paid: 'invoices.statusPaid', void: 'invoices.statusVoid' } as const;

/** A line's description in the customer's language, rebuilt from its kind (the stored one is English). */
function lineDescription(l: StoredLine, locale: Locale): string {
  const at = l.description.lastIndexOf(': ');
  const name = at > 0 ? l.description.slice(0, at) : l.description;
  if (l.kind === 'usage') return locale.t('invoices.lineUsage', { name, metric: locale.t(l.metric === 'upload' ? 'invoices.metricUpload' : 'invoices.metricDownload') });
  if (l.kind === 'setup') return locale.t('invoices.lineSetup', { name });
  const days = /(\d+) of (\d+) days$/.exec(l.description);
  return days ? locale.t('invoices.lineRecurring', { name, count: locale.number(Number(days[1])), days: locale.number(Number(days[2])) }) : l.description;
}

/**
 * What an invoice page needs: the invoice with its figures written out.
 * @param locale the customer's language (texts and Intl figures); none for the admin's page, which stays as it was
 */
export function invoicePage(inv: Invoice, locale?: Locale) {
  const money = (minor: number) => (locale ? locale.money(minor, inv.currency) : formatMinor(minor, inv.currency));
  const plain = (v: string | number | null) => (v === null ? '' : locale ? locale.decimal(String(v)) : String(v));
  const unit = (l: StoredLine) => {
    if (l.unit_price === null) return '';
    if (!locale) return `${l.unit_price} ${inv.currency}${l.kind === 'usage' ? ' / GB' : l.kind === 'recurring' ? ' / month' : ''}`;
    const price = locale.price(l.unit_price, inv.currency);
    return l.kind === 'usage' ? locale.t('invoices.perGb', { price }) : l.kind === 'recurring' ? locale.t('invoices.perMonth', { price }) : price;
  };
  return {
    ...invoiceJson(inv),
    statusText: locale ? locale.t(STATUS_KEY[inv.status]) : STATUS_TEXT[inv.status],
    periodText: locale ? locale.month(inv.period) : inv.period,
    dueDateText: locale ? locale.date(inv.dueDate) : inv.dueDate,
    paidAtText: inv.paidAt ? (locale ? locale.date(inv.paidAt) : inv.paidAt.slice(0, 10)) : null,
    taxRateText: locale ? locale.decimal(String(inv.taxRate)) : String(inv.taxRate),
    subtotal: money(inv.subtotalMinor),
    tax: money(inv.taxMinor),
    total: money(inv.totalMinor),
    paid: money(inv.paidMinor),
    due: money(amountDue(inv)),
    issuedDay: locale ? locale.date(inv.issuedAt) : inv.issuedAt.slice(0, 10),
    gbBaseText: '10^9 bytes',
    hasUsage: inv.lines.some((l) => l.kind === 'usage'),
    lines: inv.lines.map((l) => ({
      ...l,
      description: locale ? lineDescription(l, locale) : l.description,
      amount: money(l.amount_minor),
      unit: unit(l),
      gbText: plain(l.gb),
      bytesText: plain(l.bytes),
      includedText: plain(l.included_gb),
      billableText: plain(l.billable_gb),
      daysText: plain(l.days_count),
      days: (l.days ?? []).map((d) => ({ ...d, dateText: locale ? locale.date(d.date) : d.date, bytesText: plain(d.bytes) })),
    })),
  };
}

/** A row of an invoice list page. */
export function invoiceRow(inv: Omit<Invoice, 'lines'>, locale?: Locale) {
  const money = (minor: number) => (locale ? locale.money(minor, inv.currency) : formatMinor(minor, inv.currency));
  return {
    id: inv.id,
    number: inv.number,
    period: locale ? locale.month(inv.period) : inv.period,
    status: inv.status,
    statusText: locale ? locale.t(STATUS_KEY[inv.status]) : STATUS_TEXT[inv.status],
    clientId: inv.clientId,
    dueDate: locale ? locale.date(inv.dueDate) : inv.dueDate,
    total: money(inv.totalMinor),
    due: money(amountDue(inv)),
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
