/**
 * The quota-enforce job as every trigger runs it (node-cron at QUOTA_CRON, the API): resolve the date,
 * take the job's lease (so one process runs it), enforce, record the run.
 */
import { ConflictError } from '../../errors.js';
import type { BillingDeps } from '../billing/billing-deps.js';
import { resolveRunDate } from '../billing/collect-usage.js';
import { startExclusive, type ExclusiveStart } from '../billing/exclusive-run.js';
import { enforceQuotas, type EnforceResult } from './enforce-quotas.js';

/** The job's public, persisted name (lease row and run rows): never renamed. */
export const QUOTA_JOB = 'quota-enforce';
/** Failures kept in the run row; the counts are always complete. */
const KEPT = 200;

function enforceSummary(r: EnforceResult): object {
  const { failed, pending, ...counts } = r;
  // `collected` is the figure the billing page's run table shows for a pull
  return { ...counts, collected: r.pulled, failed_count: failed.length, failed: failed.slice(0, KEPT), pending_count: pending.length, pending: pending.slice(0, KEPT) };
}

/**
 * Starts a run under the lease; resolves once it is known whether it started.
 * @throws ValidationError for a bad date (before any lease is taken)
 */
export async function startQuotaEnforcement(deps: BillingDeps, input: { date?: string } = {}): Promise<ExclusiveStart<EnforceResult>> {
  const date = resolveRunDate(deps, input.date);
  return startExclusive(deps, QUOTA_JOB, (control) => enforceQuotas(deps, { date }, { progress: (p) => control.progress(p), shouldStop: control.shouldStop }), enforceSummary);
}

/**
 * Runs the quotas to the end.
 * @throws ValidationError for a bad date; ConflictError (409, job_running) while another run holds the lease
 */
export async function enforceQuotasNow(deps: BillingDeps, input: { date?: string } = {}): Promise<EnforceResult> {
  const start = await startQuotaEnforcement(deps, input);
  if (!start.started) throw new ConflictError(`A quota run is already running (${start.heldBy ?? 'another process'}); try again when it has finished`, 'job_running');
  return start.done;
}
