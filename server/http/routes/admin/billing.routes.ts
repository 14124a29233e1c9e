/**
 * The admin billing page: job runs with progress and a "run now" button, invoice generation, the
 * invoices of a month and their detail, one service's usage, and the CSV exports.
 */
import { Router } from 'express';
import { formatMinor } from '../../../domain/billing/money.js';
import type { Container } from '../../../container.js';
import { parsePeriod, periodString } from '../../../domain/billing/billing-calendar.js';
import { generateInvoicesNow } from '../../../domain/billing/run-invoice-generation.js';
import { startUsageCollection } from '../../../domain/billing/run-usage-collection.js';
import { serviceUsage } from '../../../domain/billing/service-usage.js';
import { parseOrThrow } from '../../../domain/validation.js';
import { AppError, NotFoundError, ValidationError } from '../../../errors.js';
import { INVOICES_CRON } from '../../../jobs/invoices-generate.job.js';
import { idParam, submitForm } from '../../form.js';
import { setNotice } from '../../middleware/page-locals.js';
import { collectUsageSchema, generateInvoicesSchema } from '../../schemas/billing.schema.js';
import { billingView, runView, usagePageView } from '../../view-models/billing-view.js';
import { invoicePage } from '../../view-models/invoice-view.js';
import { billingExports } from './billing-exports.routes.js';

/** A period from a query string, or undefined when absent; a malformed one is a 422 naming `period`. */
function periodQuery(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  return periodString(parsePeriod(String(value)));
}

/** Builds the /admin/billing router. */
export function billingPages(c: Container): Router {
  const router = Router();
  const page = async (period?: string) => ({
    view: 'admin/billing/index',
    locals: { title: 'Billing', ...(await billingView(c.billing, { period, usageCron: c.config.usageCron, invoicesCron: INVOICES_CRON })) },
  });

  router.get('/', async (req, res) => {
    const { view, locals } = await page(periodQuery(req.query.period));
    res.render(view, { ...locals, values: {}, errors: {} });
  });
  router.get('/runs.json', async (_req, res) => {
    res.json({ runs: (await c.billing.jobRuns.recent(15)).map(runView) });
  });
  router.post('/collect', (req, res) =>
    submitForm(req, res, () => page(), async () => {
      const { date } = parseOrThrow(collectUsageSchema, req.body);
      const start = await startUsageCollection(c.billing, { date });
      if (!start.started) {
        setNotice(req, `A usage collection is already running (${start.heldBy ?? 'another process'}); its progress is shown below.`, 'error');
        return '/admin/billing';
      }
      // the run records its own outcome (and failure) in job_runs; the page shows it as it progresses
      start.done.catch(() => undefined);
      setNotice(req, `Usage collection #${start.runId} started.`);
      return '/admin/billing';
    }),
  );
  router.post('/invoices/generate', (req, res) =>
    submitForm(req, res, () => page(), async () => {
      const { period } = parseOrThrow(generateInvoicesSchema, req.body);
      try {
        const result = await generateInvoicesNow(c.billing, { period: periodString(parsePeriod(period)) });
        setNotice(req, `${result.created} invoice(s) created for ${result.period}; ${result.invoices.length - result.created} already existed.`);
        return `/admin/billing?period=${result.period}`;
      } catch (err) {
        if (err instanceof ValidationError || !(err instanceof AppError)) throw err;
        setNotice(req, `Invoices not generated: ${err.message}`, 'error');
        return '/admin/billing';
      }
    }),
  );
  router.get('/invoices/:id', async (req, res) => {
    const invoice = await c.billing.invoices.findById(idParam(req));
    if (!invoice) throw new NotFoundError('No such invoice');
    const client = await c.repos.users.findById(invoice.clientId);
    const payments = (await c.billing.invoices.payments(invoice.id)).map((p) => ({ ...p, amount: formatMinor(p.amountMinor, invoice.currency) }));
    res.render('admin/billing/invoice', { title: `Invoice ${invoice.number}`, invoice: invoicePage(invoice), client, payments });
  });
  router.get('/usage', async (req, res) => {
    const serviceId = Number(req.query.service_id);
    const period = periodString(parsePeriod(String(req.query.period ?? '')));
    if (!Number.isInteger(serviceId) || serviceId <= 0) throw new ValidationError({ service_id: 'must be a service id' });
    const [usage, pull] = await Promise.all([serviceUsage(c.billing, serviceId, period), c.billing.usage.pullStatus(serviceId)]);
    res.render('admin/billing/usage', { title: `Usage of service #${serviceId}`, serviceId, usage: usagePageView(usage, pull) });
  });
  router.use(billingExports(c));
  return router;
}
