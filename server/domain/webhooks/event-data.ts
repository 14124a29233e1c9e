/**
 * What an event carries about the portal's objects: the fields the admin API shows, never a secret
 * (no password, no token).
 */
import type { ServiceRecord } from '../../plugins/plugin-records.js';
import type { User } from '../types.js';
import type { Invoice } from '../../repositories/invoices.repository.js';
import { invoiceJson } from '../billing/invoice-json.js';
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

/** An invoice as an event's data: the admin API's invoice without its lines, the parties' addresses and the rules text. */
export function invoiceEventData(inv: Omit<Invoice, 'lines'>): Record<string, unknown> {
  const { seller: _seller, buyer: _buyer, rules: _rules, gb_base: _gb, rounding: _rounding, time_zone: _tz, ...event } = invoiceJson(inv);
  return event;
}

/** A payment as an event's data, with the invoice it pays. */
export function paymentEventData(p: Payment, inv: Omit<Invoice, 'lines'>): Record<string, unknown> {
  return { id: p.id, invoice_id: inv.id, invoice_number: inv.number, client_id: inv.clientId, amount_minor: p.amountMinor, currency: inv.currency, reference: p.reference, paid_at: p.paidAt, invoice_status: inv.status };
}
