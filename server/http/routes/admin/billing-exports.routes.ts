/**
 * CSV exports of the billing page: one invoice, and a month's daily usage of every service (streamed in
 * pages, so a month of ten thousand services never sits in memory at once).
 */
import { Router } from 'express';
import type { Container } from '../../../container.js';
import { parsePeriod, periodString } from '../../../domain/billing/billing-calendar.js';
import { NotFoundError } from '../../../errors.js';
import { csvLine, startCsv } from '../../csv.js';
import { idParam } from '../../form.js';
import { invoiceCsvRows } from '../../view-models/invoice-view.js';

const PAGE_ROWS = 5000;

/** Builds the export routes (mounted under /admin/billing). */
export function billingExports(c: Container): Router {
  const router = Router();
  router.get('/invoices/:id/csv', async (req, res) => {
    const invoice = await c.billing.invoices.findById(idParam(req));
    if (!invoice) throw new NotFoundError('No such invoice');
    startCsv(res, `invoice-${invoice.id}-${invoice.period}.csv`);
    res.send(invoiceCsvRows(invoice).map(csvLine).join(''));
  });
  router.get('/usage.csv', async (req, res) => {
    const period = periodString(parsePeriod(String(req.query.period ?? '')));
    const usage = c.billing.usage;
    startCsv(res, `usage-${period}.csv`);
    res.write(csvLine(['service_id', 'date', 'download_bytes', 'upload_bytes', 'server_id', 'collected_at']));
    let after: { serviceId: number; day: string } | null = null;
    for (;;) {
      const rows = await usage.monthPage(period, after, PAGE_ROWS);
      if (rows.length > 0) res.write(rows.map((r) => csvLine([r.serviceId, r.day, r.downloadBytes, r.uploadBytes, r.serverId, r.collectedAt])).join(''));
      if (rows.length < PAGE_ROWS) break;
      const last = rows[rows.length - 1];
      after = { serviceId: last.serviceId, day: last.day };
    }
    res.end();
  });
  return router;
}
