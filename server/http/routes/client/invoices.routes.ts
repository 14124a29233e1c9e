/**
 * The customer's invoices: the list (status, due date, amount due, PDF), one invoice and its PDF. Every
 * lookup is scoped to the signed-in customer, so another customer's invoice is simply not found (404).
 */
import { Router, type Request } from 'express';
import type { Container } from '../../../container.js';
import { dayInZone } from '../../../domain/billing/billing-calendar.js';
import { invoicePdf } from '../../../domain/billing/invoice-pdf.js';
import type { User } from '../../../domain/types.js';
import { NotFoundError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { currentUser } from '../../middleware/auth-guards.js';
import { invoicePage, invoiceRow } from '../../view-models/invoice-view.js';

/** Builds the /invoices routes of the customer area. */
export function clientInvoicePages(c: Container): Router {
  const router = Router();
  const own = async (req: Request) => {
    const invoice = await c.billing.invoices.findForClient(idParam(req), (currentUser(req) as User).id);
    if (!invoice) throw new NotFoundError('No such invoice');
    return invoice;
  };
  router.get('/invoices', async (req, res) => {
    const user = currentUser(req) as User;
    const today = dayInZone(c.clock(), c.config.billingTz);
    const invoices = (await c.billing.invoices.summaries({ clientId: user.id, limit: 240 })).map((inv) => ({ ...invoiceRow(inv), overdue: inv.status === 'open' && inv.dueDate < today }));
    res.render('client/invoices', { title: 'Invoices', invoices });
  });
  // before /invoices/:id, which would otherwise take "7.pdf" for an id
  router.get('/invoices/:id.pdf', async (req, res) => {
    const invoice = await own(req);
    res.set('Cache-Control', 'private, no-store');
    res.type('application/pdf').set('Content-Disposition', `inline; filename="invoice-${invoice.number}.pdf"`).send(await invoicePdf(invoice));
  });
  router.get('/invoices/:id', async (req, res) => {
    const invoice = await own(req);
    res.render('client/invoice', { title: `Invoice ${invoice.number}`, invoice: invoicePage(invoice) });
  });
  return router;
}
