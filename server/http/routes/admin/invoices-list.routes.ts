/**
 * The admin's list of every invoice: searched by number, month or customer, filtered by month and
 * customer, paged (the billing page keeps a month's invoices beside its jobs).
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { formatMinor } from '../../../domain/billing/money.js';
import { adminLists } from '../../admin-lists.js';
import { listControls } from '../../view-models/list-view.js';

/** Builds the /admin/invoices router. */
export function invoicesListPage(c: Container): Router {
  const router = Router();
  const lists = adminLists(c);
  router.get('/', async (req, res) => {
    const { list, page } = await lists.invoices(req);
    const clients = new Map((await c.repos.users.findByIds(page.items.map((i) => i.clientId))).map((u) => [u.id, u]));
    const invoices = page.items.map((inv) => ({
      id: inv.id, clientId: inv.clientId, clientName: clients.get(inv.clientId)?.name ?? `#${inv.clientId}`, period: inv.period,
      lines: inv.lines.length, total: formatMinor(inv.totalMinor, inv.currency), createdAt: inv.createdAt,
    }));
    res.render('admin/invoices/list', { title: 'Invoices', invoices, controls: listControls('/admin/invoices', list, page, [], 'Invoice #, month (YYYY-MM), customer email or name') });
  });
  return router;
}
