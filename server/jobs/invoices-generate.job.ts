/**
 * Invoices last month once its grace days are over. Scheduled daily (an hour after the usage pull's
 * default time): until the month is due it does nothing, and once invoiced a re-run creates nothing.
 */
import { INVOICES_JOB, invoicePeriodDue, runSummary } from '../domain/billing/run-invoice-generation.js';
import { generateInvoices } from '../domain/billing/generate-invoices.js';
import { startExclusive } from '../domain/billing/exclusive-run.js';
import type { JobDefinition } from './job-definition.js';

/** When the invoice job runs, in BILLING_TZ. */
export const INVOICES_CRON = '30 1 * * *';

/** The invoices-generate job; resolves to what it did. */
export const invoicesGenerateJob: JobDefinition = {
  name: INVOICES_JOB,
  schedule: () => INVOICES_CRON,
  async run(c, { now }) {
    const deps = c.billing;
    const period = invoicePeriodDue(deps, now);
    if (period === null) return { skipped: true, reason: 'within the grace days' };
    const start = await startExclusive(deps, INVOICES_JOB, () => generateInvoices(deps, { period }), runSummary);
    if (!start.started) return { skipped: true, heldBy: start.heldBy };
    const result = await start.done;
    return { skipped: false, period, created: result.created, existing: result.existing };
  },
};
