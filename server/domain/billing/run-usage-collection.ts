/**
 * The usage-collect job as every trigger runs it (node-cron, the API, the CLI, the admin "run now"
 * button): resolve the date, take the lease, collect, record the run.
 */
import { ConflictError } from '../../errors.js';
import type { BillingDeps } from './billing-deps.js';
import { collectUsage, resolveRunDate, type CollectResult } from './collect-usage.js';
import { startExclusive, type ExclusiveStart } from './exclusive-run.js';
import { emitEvent } from '../webhooks/emit-event.js';

/** The job's public, persisted name (lease row and run rows): never renamed. */
export const USAGE_JOB = 'usage-collect';
/** Failures kept in the run row; the count is always complete, the API answer lists them all. */
const FAILURES_KEPT = 200;

/** What the run row keeps of a collection. */
function collectSummary(r: CollectResult): object {
  return { date: r.date, months: r.months, services: r.services, collected: r.collected, days: r.days, failed_count: r.failed.length, failed: r.failed.slice(0, FAILURES_KEPT) };
}

/**
 * Starts a collection under the lease and returns once it is known whether it started.
 * @throws ValidationError for a bad date (before any lease is taken)
 */
export async function startUsageCollection(deps: BillingDeps, input: { date?: string } = {}): Promise<ExclusiveStart<CollectResult>> {
  const date = resolveRunDate(deps, input.date);
  return startExclusive(
    deps,
    USAGE_JOB,
    async (control) => {
      const result = await collectUsage(deps, { date }, { progress: (p) => control.progress(p), shouldStop: control.shouldStop });
      await deps.inTransaction((tx) => emitEvent(tx, 'usage.collected', { run_id: control.runId, date: result.date, months: result.months, services: result.services, collected: result.collected, days: result.days, failed: result.failed.length }));
      return result;
    },
    collectSummary,
  );
}

/**
 * Runs a collection to the end.
 * @returns the result
 * @throws ValidationError for a bad date; ConflictError (409, job_running) while another run holds the lease
 */
export async function collectUsageNow(deps: BillingDeps, input: { date?: string } = {}): Promise<CollectResult> {
  const start = await startUsageCollection(deps, input);
  if (!start.started) throw new ConflictError(`A usage collection is already running (${start.heldBy ?? 'another process'}); try again when it has finished`, 'job_running');
  return start.done;
}
