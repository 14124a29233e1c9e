/**
 * What a customer owes, for the dashboard: the open invoices with their amounts due, the total, and
 * whether any is past its due date.
 */
import { formatMinor } from '../../domain/billing/money.js';
import type { InvoicesRepository } from '../../repositories/invoices.repository.js';
import { amountDue } from './invoice-view.js';

/** The dashboard's "what is due" block; null when nothing is open. `today` is YYYY-MM-DD in BILLING_TZ. */
export async function clientDueSummary(invoices: Pick<InvoicesRepository, 'summaries'>, clientId: number, today: string) {
  const open = await invoices.summaries({ clientId, status: 'open', limit: 100 });
  if (open.length === 0) return null;
  const total = open.reduce((sum, i) => sum + amountDue(i), 0);
  const currency = open[0].currency;
  return {
    total: formatMinor(total, currency),
    overdue: open.some((i) => i.dueDate < today),
    invoices: open.map((i) => ({ id: i.id, number: i.number, dueDate: i.dueDate, due: formatMinor(amountDue(i), currency), overdue: i.dueDate < today })),
  };
}
