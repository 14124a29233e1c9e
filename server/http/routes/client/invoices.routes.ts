/**
 * The customer's invoices: the list and one invoice. Every lookup is scoped to the signed-in customer,
 * so another customer's invoice is simply not found (404).
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { formatMinor } from '../../../domain/billing/money.js';
import type { User } from '../../../domain/types.js';
import { NotFoundError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { currentUser } from '../../middleware/auth-guards.js';
import { invoicePage } from '../../view-models/invoice-view.js';

/** Builds the /invoices routes of the customer area. */
export function clientInvoicePages(c: Container): Router {
  const router = Router();
  router.get('/invoices', async (req, res) => {
    const user = currentUser(req) as User;
    const invoices = await c.billing.invoices.list({ clientId: user.id, limit: 240 });
    const rows = invoices.map((inv) => ({ id: inv.id, period: inv.period, lines: inv.lines.length, total: formatMinor(inv.totalMinor, inv.currency) }));
    res.render('client/invoices', { title: 'Invoices', invoices: rows });
  });
  router.get('/invoices/:id', async (req, res) => {
    const user = currentUser(req) as User;
    const invoice = await c.billing.invoices.findForClient(idParam(req), user.id);
    if (!invoice) throw new NotFoundError('No such invoice');
    res.render('client/invoice', { title: `Invoice #${invoice.id}`, invoice: invoicePage(invoice) });
  });
  return router;
}
