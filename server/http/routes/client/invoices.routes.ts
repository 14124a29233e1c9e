/**
 * The customer's invoices: the list (status, due date, amount due, PDF), one invoice and its PDF. Every
 * lookup is scoped to the signed-in customer, so another customer's invoice is simply not found (404).
 */
import { Router, type Request } from 'express';
import type { Container } from '../../../container.js';
import { dayInZone } from '../../../domain/billing/billing-calendar.js';
import { invoicePdf, pdfLocale } from '../../../domain/billing/invoice-pdf.js';
import type { User } from '../../../domain/types.js';
import { NotFoundError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { currentUser } from '../../middleware/auth-guards.js';
import { invoicePage, invoiceRow } from '../../view-models/invoice-view.js';
import { pageLocale } from '../../middleware/language-locals.js';

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
    const locale = pageLocale(res);
    const today = dayInZone(c.clock(), c.config.billingTz);
    const invoices = (await c.billing.invoices.summaries({ clientId: user.id, limit: 240 })).map((inv) => ({ ...invoiceRow(inv, locale), overdue: inv.status === 'open' && inv.dueDate < today }));
    res.render('client/invoices', { title: locale.t('invoices.title'), invoices });
  });
  // before /invoices/:id, which would otherwise take "7.pdf" for an id
  router.get('/invoices/:id.pdf', async (req, res) => {
    const invoice = await own(req);
    res.set('Cache-Control', 'private, no-store');
    res.type('application/pdf').set('Content-Disposition', `inline; filename="invoice-${invoice.number}.pdf"`).send(await invoicePdf(invoice, pdfLocale(pageLocale(res), c.i18n.locale('en'))));
  });
  router.get('/invoices/:id', async (req, res) => {
    const invoice = await own(req);
    const locale = pageLocale(res);
    res.render('client/invoice', { title: locale.t('invoices.invoiceNo', { number: invoice.number }), invoice: invoicePage(invoice, locale) });
  });
  return router;
}
