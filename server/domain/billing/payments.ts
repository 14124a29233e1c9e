/**
 * Recording payments and voiding invoices. A payment's `reference` makes it idempotent (the same
 * reference on the same invoice is the same payment); partial payments add up; more than is due is
 * refused. A payment and its payment_received mail commit together. Once an invoice is paid or void,
 * dunning's suspensions of its customer are lifted when nothing else of theirs is overdue.
 */
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { Invoice } from '../../repositories/invoices.repository.js';
import type { Payment } from '../../repositories/invoice-payments.js';
import { queueMail } from '../mail/queue-mail.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { invoiceEventData, paymentEventData } from '../webhooks/event-data.js';
import { parseOrThrow } from '../validation.js';
import { liftOverdueSuspensions, type DunningDeps } from './dunning.js';
import { formatMinor } from './money.js';

const paymentSchema = z.strictObject({
  amount_minor: z.number({ error: 'amount_minor must be a whole number of minor units (cents)' }).int('amount_minor must be a whole number of minor units (cents)').positive('amount_minor must be more than 0').max(Number.MAX_SAFE_INTEGER),
  reference: z.string({ error: 'reference is required' }).trim().min(1, 'reference is required').max(100, 'reference is at most 100 characters'),
  paid_at: z
    .string()
    .refine((v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v)), 'paid_at must be a date (YYYY-MM-DD) or an ISO date-time')
    .optional(),
});

/** What recording came to: the payment, the invoice after it, and whether this call recorded it. */
export interface PaymentResult {
  payment: Payment;
  invoice: Invoice;
  created: boolean;
}

/**
 * Records a payment.
 * @throws NotFoundError; ValidationError (422: a field, or more than is due); ConflictError (409) on a paid or void invoice
 */
export async function recordPayment(d: DunningDeps, invoiceId: number, input: unknown): Promise<PaymentResult> {
  const { billing } = d;
  const body = parseOrThrow(paymentSchema, input);
  const now = billing.clock().toISOString();
  const paidAt = body.paid_at ? new Date(body.paid_at.length === 10 ? `${body.paid_at}T00:00:00Z` : body.paid_at).toISOString() : now;
  const outcome = await billing.inTransaction(async (tx) => {
    const o = await tx.repos.invoices.recordPayment(invoiceId, { amountMinor: body.amount_minor, reference: body.reference, paidAt, createdAt: now });
    if (o.kind === 'recorded') {
      const invoice = (await tx.repos.invoices.findById(invoiceId)) as Invoice;
      const buyer = invoice.parties?.buyer ?? (await tx.repos.users.findById(invoice.clientId));
      if (buyer) {
        await queueMail(tx, {
          kind: 'payment_received', to: buyer.email, userId: invoice.clientId,
          data: { name: buyer.name, invoiceId, number: invoice.number, amountMinor: body.amount_minor, dueMinor: invoice.totalMinor - invoice.paidMinor, currency: invoice.currency },
        });
      }
      await emitEvent(tx, 'payment.received', paymentEventData(o.payment, invoice));
      if (o.becamePaid) await emitEvent(tx, 'invoice.paid', invoiceEventData(invoice));
    }
    return o;
  });
  if (outcome.kind === 'missing') throw new NotFoundError('No such invoice');
  if (outcome.kind === 'refused') throw new ConflictError(`Invoice #${invoiceId} is ${outcome.status}: it takes no payment`, `invoice_${outcome.status}`);
  const invoice = (await billing.invoices.findById(invoiceId)) as Invoice;
  if (outcome.kind === 'overpaid') {
    throw new ValidationError({ amount_minor: `is more than the amount due (${outcome.dueMinor}, ${formatMinor(outcome.dueMinor, invoice.currency)}): an overpayment is not recorded` }, 'The payment is more than the amount due');
  }
  if (outcome.kind === 'recorded' && outcome.becamePaid) await liftOverdueSuspensions(d, invoice.clientId);
  return { payment: outcome.payment, invoice, created: outcome.kind === 'recorded' };
}

/**
 * Voids an open invoice (a correction is a void plus a new invoice for the month); voiding a void invoice
 * again changes nothing.
 * @throws NotFoundError; ConflictError (409) for a paid invoice
 */
export async function voidInvoice(d: DunningDeps, invoiceId: number): Promise<Invoice> {
  const { billing } = d;
  const before = await billing.inTransaction(async (tx) => {
    const was = await tx.repos.invoices.voidInvoice(invoiceId, billing.clock().toISOString());
    if (was === 'open') await emitEvent(tx, 'invoice.voided', async () => invoiceEventData((await tx.repos.invoices.findById(invoiceId)) as Invoice));
    return was;
  });
  if (before === null) throw new NotFoundError('No such invoice');
  if (before === 'paid') throw new ConflictError(`Invoice #${invoiceId} is paid: a paid invoice cannot be voided`, 'invoice_paid');
  const invoice = (await billing.invoices.findById(invoiceId)) as Invoice;
  if (before === 'open') await liftOverdueSuspensions(d, invoice.clientId);
  return invoice;
}
