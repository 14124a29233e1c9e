/**
 * An invoice as the admin API answers it (admin-api.md "Invoice" and "Plans, speed tiers and invoices",
 * plus what the amounts were computed with); webhook events carry the same fields.
 */
import type { Invoice, StoredLine } from '../../repositories/invoices.repository.js';
import { BILLING_RULES_TEXT } from './money.js';

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
