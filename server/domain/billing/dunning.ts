/**
 * Dunning: a customer with an open invoice whose due date + SUSPEND_OVERDUE_DAYS is before the day has
 * their active services suspended with the reason `overdue` (and is told once per invoice, by the
 * invoice_overdue mail naming the suspended services); once nothing of theirs is overdue, the services
 * dunning suspended are unsuspended. An admin's own suspension is never lifted here. A re-run for the
 * same day changes nothing: suspended services are not active, notified invoices are marked.
 */
import type { LifecycleDeps } from '../services/run-lifecycle-action.js';
import { runLifecycleAction } from '../services/run-lifecycle-action.js';
import { AppError } from '../../errors.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import { queueMail } from '../mail/queue-mail.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { invoiceEventData } from '../webhooks/event-data.js';
import type { BillingDeps } from './billing-deps.js';
import { dayInZone, parseDate } from './billing-calendar.js';
import { addDays } from './dates.js';

/** Billing and the lifecycle, which dunning runs its suspensions through. */
export interface DunningDeps {
  billing: BillingDeps;
  lifecycle: LifecycleDeps;
}

/** What a run did. */
export interface DunningResult {
  date: string;
  suspended: number[];
  unsuspended: number[];
  notified: number[];
  failed: { service_id: number; error: string }[];
}

const errorText = (err: unknown) => (err instanceof AppError ? err.message : 'unexpected error');

/**
 * Runs dunning for a day.
 * @param input.date 'YYYY-MM-DD' in BILLING_TZ, default today
 * @throws ValidationError (field `date`) for a malformed date
 */
export async function runDunning(d: DunningDeps, input: { date?: string } = {}): Promise<DunningResult> {
  const { billing } = d;
  const date = input.date ?? dayInZone(billing.clock(), billing.settings.timeZone);
  parseDate(date);
  // overdue: due_date + SUSPEND_OVERDUE_DAYS < date
  const dueBefore = addDays(date, -billing.settings.suspendOverdueDays);
  const overdue = await billing.invoices.clientsOverdue(dueBefore);
  const result: DunningResult = { date, suspended: [], unsuspended: [], notified: [], failed: [] };
  const active = await billing.repos.services.listForClients([...overdue], 'active');
  const productNames = new Map((await billing.repos.products.findByIds(active.map((s) => s.productId))).map((p) => [p.id, p.name]));
  const suspendedByClient = new Map<number, ServiceEntity[]>();
  for (const service of active) {
    try {
      await runLifecycleAction(d.lifecycle, service.id, 'suspend', { suspendReason: 'overdue', notify: false });
      result.suspended.push(service.id);
      suspendedByClient.set(service.clientId, [...(suspendedByClient.get(service.clientId) ?? []), service]);
    } catch (err) {
      result.failed.push({ service_id: service.id, error: errorText(err) });
    }
  }
  for (const invoice of await billing.invoices.overdueUnnotified(dueBefore)) {
    const buyer = invoice.parties?.buyer ?? (await billing.repos.users.findById(invoice.clientId));
    if (!buyer) continue;
    const suspended = (suspendedByClient.get(invoice.clientId) ?? []).map((s) => ({ serviceId: s.id, productName: productNames.get(s.productId) ?? `#${s.productId}` }));
    await billing.inTransaction(async (tx) => {
      await tx.repos.invoices.markOverdueNotified(invoice.id, billing.clock().toISOString());
      await queueMail(tx, {
        kind: 'invoice_overdue', to: buyer.email, userId: invoice.clientId,
        data: { name: buyer.name, invoiceId: invoice.id, number: invoice.number, dueMinor: invoice.totalMinor - invoice.paidMinor, currency: invoice.currency, dueDate: invoice.dueDate, suspended },
      });
      await emitEvent(tx, 'invoice.overdue', { ...invoiceEventData(invoice), suspended_service_ids: suspended.map((s) => s.serviceId) });
    });
    result.notified.push(invoice.id);
  }
  for (const service of await billing.repos.services.suspendedFor('overdue')) {
    if (overdue.has(service.clientId)) continue;
    await unsuspend(d, service, result);
  }
  if (result.suspended.length + result.unsuspended.length + result.failed.length > 0) billing.log.info({ ...result, notified: result.notified.length }, 'dunning');
  return result;
}

/**
 * Lifts dunning's suspensions of one customer when nothing of theirs is overdue any more (after a payment
 * or a void). A panel that fails now leaves the service for the next daily run.
 */
export async function liftOverdueSuspensions(d: DunningDeps, clientId: number): Promise<number[]> {
  const { billing } = d;
  const dueBefore = addDays(dayInZone(billing.clock(), billing.settings.timeZone), -billing.settings.suspendOverdueDays);
  if ((await billing.invoices.clientsOverdue(dueBefore)).has(clientId)) return [];
  const result: DunningResult = { date: '', suspended: [], unsuspended: [], notified: [], failed: [] };
  for (const service of await billing.repos.services.suspendedFor('overdue', clientId)) await unsuspend(d, service, result);
  for (const f of result.failed) billing.log.warn(f, 'lifting an overdue suspension failed; the daily dunning run tries again');
  return result.unsuspended;
}

async function unsuspend(d: DunningDeps, service: ServiceEntity, result: DunningResult): Promise<void> {
  try {
    await runLifecycleAction(d.lifecycle, service.id, 'unsuspend', { reason: 'Nothing is overdue any more: thank you for your payment.' });
    result.unsuspended.push(service.id);
  } catch (err) {
    result.failed.push({ service_id: service.id, error: errorText(err) });
  }
}
