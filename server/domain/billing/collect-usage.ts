/**
 * The daily traffic pull: for every service with metric billing whose VPN client exists on a panel,
 * read the month of the run's date (and the previous month within the grace days) and store each day's
 * absolute bytes, overwriting what an earlier pull stored for that day. Panels are read in parallel
 * within limits per panel and overall; one service's failure is recorded and never stops the others.
 */
import { AppError, ValidationError } from '../../errors.js';
import type { BillingDeps } from './billing-deps.js';
import { dayInZone, monthsToPull, parseDate, periodString } from './billing-calendar.js';
import { runLimitedQueues } from './limited-pool.js';
import { pullServiceDays } from './pull-service-days.js';
import { usageSources } from './usage-sources.js';
import { usageTargets, type UsageTarget } from './usage-targets.js';
import { usageWriter } from './usage-writer.js';

/** How far a run got, for the admin page's progress display. */
export interface CollectProgress {
  date: string;
  months: string[];
  services: number;
  done: number;
  collected: number;
  failed: number;
}

/** The answer of POST /api/admin/usage/collect (plus the date, months and stored days). */
export interface CollectResult {
  date: string;
  months: string[];
  services: number;
  collected: number;
  days: number;
  failed: { service_id: number; error: string }[];
}

/** Reporting and cancellation hooks of a run (the exclusive-run wrapper supplies them). */
export interface CollectControl {
  progress?(p: CollectProgress): void;
  shouldStop?(): boolean;
}

/** A failure reason fit for the run record and the API: AppError messages are written to be shown. */
export function failureReason(err: unknown): string {
  const text = err instanceof AppError ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/**
 * The run's date: the given one, or today in BILLING_TZ.
 * @throws ValidationError (field `date`) for a malformed date or one after today
 */
export function resolveRunDate(deps: Pick<BillingDeps, 'clock' | 'settings'>, date?: string): string {
  const today = dayInZone(deps.clock(), deps.settings.timeZone);
  if (date === undefined) return today;
  parseDate(date);
  if (date > today) throw new ValidationError({ date: `must not be after today (${today} in ${deps.settings.timeZone})` }, `Invalid date "${date}"`);
  return date;
}

/**
 * Pulls and stores usage for every pullable metered service.
 * @param input.date the run's date, already resolved (see resolveRunDate)
 * @returns counts and the failed services with their reasons
 */
export async function collectUsage(deps: BillingDeps, input: { date: string }, control: CollectControl = {}): Promise<CollectResult> {
  const months = monthsToPull(input.date, deps.settings.graceDays);
  const sources = usageSources(deps);
  const { total, queues } = await usageTargets(deps, sources);

  const failures = new Map<number, string>();
  const progress: CollectProgress = { date: input.date, months: months.map(periodString), services: total, done: 0, collected: 0, failed: 0 };
  let days = 0;
  const at = () => deps.clock().toISOString();
  const writer = usageWriter(
    (rows, pulls) => deps.usage.store(rows, pulls, at()),
    (serviceId, error) => {
      failures.set(serviceId, error);
      progress.collected--;
      progress.failed++;
    },
  );
  const fail = async (serviceId: number, serverId: number | null, err: unknown) => {
    const reason = failureReason(err);
    failures.set(serviceId, reason);
    progress.failed++;
    await writer.failed(serviceId, serverId, reason);
  };

  const work = async ({ candidate, metered }: UsageTarget) => {
    const { service } = candidate;
    try {
      const ctx = await sources.context(candidate, metered.product);
      const pulled = await pullServiceDays(metered.meter, ctx, months, input.date);
      days += pulled.length;
      progress.collected++;
      await writer.ok(service.id, service.serverId, pulled);
    } catch (err) {
      await fail(service.id, service.serverId, err);
    }
    progress.done++;
    control.progress?.({ ...progress });
  };
  try {
    await runLimitedQueues(queues, { perKey: deps.settings.perPanelLimit, overall: deps.settings.overallLimit }, work, {
      onError: (t, err) => deps.log.error({ err, serviceId: t.candidate.service.id }, 'usage pull bookkeeping failed'),
      shouldStop: control.shouldStop,
    });
  } finally {
    // what was pulled before a failure to read the services is stored all the same
    await writer.close();
  }

  const failed = [...failures].map(([service_id, error]) => ({ service_id, error })).sort((a, b) => a.service_id - b.service_id);
  return { date: input.date, months: progress.months, services: total, collected: progress.collected, days, failed };
}
