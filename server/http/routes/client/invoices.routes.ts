/**
 * The customer's invoices: the list and one invoice. Every lookup is scoped to the signed-in customer,
 * so another customer's invoice is simply not found (404).
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import type { User } from '../../../domain/types.js';
import { NotFoundError } from '../../../errors.js';
import { idParam } from '../../form.js';
import { currentUser } from '../../middleware/auth-guards.js';
import { invoicePage } from '../../view-models/invoice-view.js';
import { pageLocale } from '../../middleware/language-locals.js';

/** Builds the /invoices routes of the customer area. */
export function clientInvoicePages(c: Container): Router {
  const router = Router();
  router.get('/invoices', async (req, res) => {
    const user = currentUser(req) as User;
    const locale = pageLocale(res);
    const invoices = await c.billing.invoices.list({ clientId: user.id, limit: 240 });
    const rows = invoices.map((inv) => ({ id: inv.id, period: locale.month(inv.period), lines: locale.number(inv.lines.length), total: locale.money(inv.totalMinor, inv.currency) }));
    res.render('client/invoices', { title: locale.t('invoices.title'), invoices: rows });
  });
  router.get('/invoices/:id', async (req, res) => {
    const user = currentUser(req) as User;
    const invoice = await c.billing.invoices.findForClient(idParam(req), user.id);
    if (!invoice) throw new NotFoundError('No such invoice');
    const locale = pageLocale(res);
    res.render('client/invoice', { title: locale.t('invoices.invoice', { id: invoice.id }), invoice: invoicePage(invoice, locale) });
  });
  return router;
}
