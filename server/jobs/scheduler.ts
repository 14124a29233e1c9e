/**
 * Registers the job registry with node-cron in BILLING_TZ. Job bodies are plain functions run with an
 * explicit "now", so tests and the admin "run now" button call them directly.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Container } from '../container.js';
import { invoicesGenerateJob } from './invoices-generate.job.js';
import type { JobDefinition } from './job-definition.js';
import { purgeExpiredJob } from './purge-expired.job.js';
import { quotaEnforceJob } from './quota-enforce.job.js';
import { reconcileJob } from './reconcile.job.js';
import { usageCollectJob } from './usage-collect.job.js';
import { billingDunningJob } from './billing-dunning.job.js';


/** The registry: every scheduled job of the portal. */
export const JOBS: JobDefinition[] = [usageCollectJob, invoicesGenerateJob, billingDunningJob, purgeExpiredJob, quotaEnforceJob, reconcileJob];

/**
 * Schedules every job; a failing run is logged and never crashes the process.
 * @returns a handle whose stop() removes all schedules (shutdown, tests)
 */
export function startJobs(c: Container, jobs: JobDefinition[] = JOBS): { stop(): void } {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule(c),
      async () => {
        try {
          await job.run(c, { now: c.clock() });
        } catch (err) {
          c.log.error({ err, job: job.name }, 'scheduled job failed');
        }
      },
      { name: job.name, timezone: c.config.billingTz, noOverlap: true },
    ),
  );
  return {
    stop() {
      for (const t of tasks) t.destroy();
    },
  };
}
