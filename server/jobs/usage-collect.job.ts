/**
 * The daily traffic pull at USAGE_CRON in BILLING_TZ: today's month (and last month within the grace
 * days), under the lease, so only one of several portal processes runs it.
 */
import { dayInZone } from '../domain/billing/billing-calendar.js';
import { USAGE_JOB, startUsageCollection } from '../domain/billing/run-usage-collection.js';
import type { JobDefinition } from './job-definition.js';

/** The usage-collect job; resolves to the result, or `{skipped}` when another process runs it. */
export const usageCollectJob: JobDefinition = {
  name: USAGE_JOB,
  schedule: (c) => c.config.usageCron,
  async run(c, { now }) {
    const deps = c.billing;
    // the scheduled instant decides the date, not the moment the callback happened to run
    const start = await startUsageCollection(deps, { date: dayInZone(now, deps.settings.timeZone) });
    if (!start.started) return { skipped: true, heldBy: start.heldBy };
    const result = await start.done;
    return { skipped: false, runId: start.runId, ...result };
  },
};
