/**
 * The quota run at QUOTA_CRON (hourly by default) in BILLING_TZ: the quota'd services' month pulled and
 * their quotas enforced, under the job's lease, so only one of several portal processes runs it.
 */
import { dayInZone } from '../domain/billing/billing-calendar.js';
import { QUOTA_JOB, startQuotaEnforcement } from '../domain/quota/run-quota-enforcement.js';
import type { JobDefinition } from './job-definition.js';

/** The quota-enforce job; resolves to the result, or `{skipped}` when another process runs it. */
export const quotaEnforceJob: JobDefinition = {
  name: QUOTA_JOB,
  schedule: (c) => c.config.quotaCron,
  async run(c, { now }) {
    const deps = c.billing;
    const start = await startQuotaEnforcement(deps, { date: dayInZone(now, deps.settings.timeZone) });
    if (!start.started) return { skipped: true, heldBy: start.heldBy };
    const result = await start.done;
    return { skipped: false, runId: start.runId, ...result };
  },
};
