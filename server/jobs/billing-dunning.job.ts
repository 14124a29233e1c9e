/**
 * Dunning, daily when SUSPEND_OVERDUE_DAYS > 0 (after the invoice run): suspends the services of
 * customers with an invoice overdue past the grace days, and lifts the suspensions it made once nothing
 * is overdue. One run at a time across processes (the job lease).
 */
import { runDunning } from '../domain/billing/dunning.js';
import { dayInZone } from '../domain/billing/billing-calendar.js';
import { startExclusive } from '../domain/billing/exclusive-run.js';
import type { JobDefinition } from './job-definition.js';

/** The job's public, persisted name (lease row and run rows): never renamed. */
export const DUNNING_JOB = 'billing-dunning';

/** When dunning runs, in BILLING_TZ. */
export const DUNNING_CRON = '0 2 * * *';

export const billingDunningJob: JobDefinition = {
  name: DUNNING_JOB,
  schedule: () => DUNNING_CRON,
  async run(c, { now }) {
    if (c.billing.settings.suspendOverdueDays === 0) return { skipped: true, reason: 'SUSPEND_OVERDUE_DAYS is 0' };
    const date = dayInZone(now, c.billing.settings.timeZone);
    const start = await startExclusive(c.billing, DUNNING_JOB, () => runDunning({ billing: c.billing, lifecycle: c.lifecycleDeps }, { date }), (r) => ({
      date: r.date, suspended: r.suspended.length, unsuspended: r.unsuspended.length, notified: r.notified.length, failed: r.failed,
    }));
    if (!start.started) return { skipped: true, heldBy: start.heldBy };
    const r = await start.done;
    return { skipped: false, date: r.date, suspended: r.suspended.length, unsuspended: r.unsuspended.length, notified: r.notified.length, failed: r.failed.length };
  },
};
