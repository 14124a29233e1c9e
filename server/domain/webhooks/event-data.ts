/**
 * What an event carries about the portal's objects: the fields the admin API shows, never a secret
 * (no password, no token).
 */
import type { ServiceRecord } from '../../plugins/plugin-records.js';
import type { User } from '../types.js';
import type { Invoice } from '../../repositories/invoices.repository.js';
import type { Payment } from '../../repositories/invoice-payments.js';

/** A service as an event's data. */
export function serviceEventData(s: ServiceRecord): Record<string, unknown> {
  return {
    id: s.id,
    client_id: s.clientId,
    product_id: s.productId,
    server_id: s.serverId,
    status: s.status,
    username: s.username,
    network_name: s.networkName,
    dedicated_ip: s.dedicatedIp,
    last_error: s.lastError,
  };
}

/** A customer as an event's data. */
export function clientEventData(u: Pick<User, 'id' | 'email' | 'name'>): Record<string, unknown> {
  return { id: u.id, email: u.email, name: u.name };
}

/** An invoice as an event's data: its amounts and dates, without its lines or the parties' addresses. */
export function invoiceEventData(inv: Omit<Invoice, 'lines'>): Record<string, unknown> {
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
    tax_minor: inv.taxMinor,
    total_minor: inv.totalMinor,
    paid_minor: inv.paidMinor,
    paid_at: inv.paidAt,
  };
}

/** A payment as an event's data, with the invoice it pays. */
export function paymentEventData(p: Payment, inv: Omit<Invoice, 'lines'>): Record<string, unknown> {
  return { id: p.id, invoice_id: inv.id, invoice_number: inv.number, client_id: inv.clientId, amount_minor: p.amountMinor, currency: inv.currency, reference: p.reference, paid_at: p.paidAt, invoice_status: inv.status };
}
