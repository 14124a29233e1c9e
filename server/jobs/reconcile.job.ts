/**
 * The daily reconciliation of every panel with the portal, under the job lease, so only one of several
 * portal processes runs it. An hour after the default usage pull, so the two do not share the panels.
 */
import { RECONCILE_JOB, startReconciliation } from '../domain/reconcile/run-reconciliation.js';
import type { JobDefinition } from './job-definition.js';

/** When the daily reconciliation runs, in BILLING_TZ. */
export const RECONCILE_CRON = '45 2 * * *';

/** The reconcile job; resolves to the counts, or `{skipped}` when another process runs it. */
export const reconcileJob: JobDefinition = {
  name: RECONCILE_JOB,
  schedule: () => RECONCILE_CRON,
  async run(c) {
    const start = await startReconciliation(c.reconcile);
    if (!start.started) return { skipped: true, heldBy: start.heldBy };
    // the run's own line (and metric) is written by the lease's runner
    const result = await start.done;
    return { skipped: false, runId: start.runId, servers: result.servers.length, findings: result.findings.length, repaired: result.repaired.length };
  },
};
