/**
 * Payments of invoices and the invoice's status they move: written with the invoice row locked (PostgreSQL;
 * SQLite has one writer), so concurrent payments add up exactly and a reference is recorded once.
 */
import type { Knex } from 'knex';
import { isSqlite } from '../db/create-db.js';

/** A recorded payment. */
export interface Payment {
  id: number;
  invoiceId: number;
  amountMinor: number;
  reference: string;
  paidAt: string;
  createdAt: string;
}

/** What recording a payment came to; the caller turns refusals into errors. */
export type PaymentOutcome =
  | { kind: 'recorded'; payment: Payment; becamePaid: boolean }
  | { kind: 'duplicate'; payment: Payment }
  | { kind: 'missing' }
  | { kind: 'refused'; status: 'void' | 'paid' }
  | { kind: 'overpaid'; dueMinor: number };

interface PaymentRow {
  id: number;
  invoice_id: number;
  amount_minor: number | string;
  reference: string;
  paid_at: string;
  created_at: string;
}

const toPayment = (r: PaymentRow): Payment => ({ id: Number(r.id), invoiceId: Number(r.invoice_id), amountMinor: Number(r.amount_minor), reference: r.reference, paidAt: r.paid_at, createdAt: r.created_at });

/** The payment methods of the invoices repository. */
export function paymentsRepository(db: Knex) {
  const lockInvoice = (trx: Knex.Transaction, id: number) => {
    const read = trx('invoices').where({ id }).first('id', 'status', 'total_minor', 'paid_minor');
    return isSqlite(db) ? read : read.forUpdate();
  };
  return {
    async payments(invoiceId: number): Promise<Payment[]> {
      return (await db<PaymentRow>('invoice_payments').where({ invoice_id: invoiceId }).orderBy('id')).map(toPayment);
    },
    /** Records a payment unless its reference is already recorded on the invoice. */
    async recordPayment(invoiceId: number, input: { amountMinor: number; reference: string; paidAt: string; createdAt: string }): Promise<PaymentOutcome> {
      return db.transaction(async (trx) => {
        const invoice = (await lockInvoice(trx, invoiceId)) as { status: string; total_minor: number | string; paid_minor: number | string } | undefined;
        if (!invoice) return { kind: 'missing' };
        const same = await trx<PaymentRow>('invoice_payments').where({ invoice_id: invoiceId, reference: input.reference }).first();
        if (same) return { kind: 'duplicate', payment: toPayment(same) };
        if (invoice.status !== 'open') return { kind: 'refused', status: invoice.status as 'void' | 'paid' };
        const due = Number(invoice.total_minor) - Number(invoice.paid_minor);
        if (input.amountMinor > due) return { kind: 'overpaid', dueMinor: due };
        const [row] = await trx('invoice_payments').insert({ invoice_id: invoiceId, amount_minor: input.amountMinor, reference: input.reference, paid_at: input.paidAt, created_at: input.createdAt }).returning('*');
        const becamePaid = input.amountMinor === due;
        await trx('invoices').where({ id: invoiceId }).update({ paid_minor: Number(invoice.paid_minor) + input.amountMinor, ...(becamePaid ? { status: 'paid', paid_at: input.paidAt } : {}) });
        return { kind: 'recorded', payment: toPayment(row as PaymentRow), becamePaid };
      });
    },
    /** Voids an open invoice; resolves its status before (void only happened when it was open). */
    async voidInvoice(invoiceId: number, at: string): Promise<string | null> {
      return db.transaction(async (trx) => {
        const invoice = (await lockInvoice(trx, invoiceId)) as { status: string } | undefined;
        if (!invoice) return null;
        if (invoice.status === 'open') await trx('invoices').where({ id: invoiceId }).update({ status: 'void', voided_at: at });
        return invoice.status;
      });
    },
    async markOverdueNotified(invoiceId: number, at: string): Promise<void> {
      await db('invoices').where({ id: invoiceId }).whereNull('overdue_notified_at').update({ overdue_notified_at: at });
    },
  };
}
