/**
 * The admin billing page's view-model: schedule, the last job runs with progress, metered services
 * whose usage is stale, and the invoices of a month with their customers' names.
 */
import type { BillingDeps } from '../../domain/billing/billing-deps.js';
import { dayInZone, monthOf, periodString, previousMonth } from '../../domain/billing/billing-calendar.js';
import { formatGb, formatMinor } from '../../domain/billing/money.js';
import type { ServiceUsageJson } from '../../domain/billing/service-usage.js';
import type { PullStatus } from '../../repositories/usage.repository.js';
import { staleUsage } from '../../domain/billing/stale-usage.js';
import type { JobRun } from '../../repositories/job-runs.repository.js';

/** A job run as the page and runs.json show it. */
export function runView(run: JobRun) {
  const s = (run.summary ?? {}) as Record<string, unknown>;
  const num = (key: string) => (typeof s[key] === 'number' ? (s[key] as number) : null);
  const failed = Array.isArray(s.failed) ? (s.failed as { service_id: number; error: string }[]) : [];
  return {
    id: run.id,
    job: run.job,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    date: typeof s.date === 'string' ? s.date : typeof s.period === 'string' ? s.period : null,
    services: num('services'),
    done: run.status === 'running' ? num('done') : num('services'),
    collected: num('collected'),
    failedCount: num('failed_count') ?? (typeof s.failed === 'number' ? (s.failed as number) : null),
    failures: failed.slice(0, 5),
    created: num('created'),
    heldBy: typeof s.held_by === 'string' ? s.held_by : null,
    error: run.error,
  };
}

/** Everything the billing page shows; `period` selects the invoices listed (default: last month). */
export async function billingView(deps: BillingDeps, input: { period?: string; usageCron: string; invoicesCron: string }) {
  const now = deps.clock();
  const today = dayInZone(now, deps.settings.timeZone);
  const period = input.period ?? periodString(previousMonth(monthOf(today)));
  const [runs, stale, invoices] = await Promise.all([deps.jobRuns.recent(15), staleUsage(deps, now), deps.invoices.list({ period, limit: 500 })]);
  const clients = await deps.repos.users.findByIds(invoices.map((inv) => inv.clientId));
  const clientName = new Map(clients.map((u) => [u.id, u.name]));
  return {
    today,
    period,
    currentPeriod: periodString(monthOf(today)),
    settings: { ...deps.settings, usageCron: input.usageCron, invoicesCron: input.invoicesCron },
    runs: runs.map(runView),
    stale,
    invoices: invoices.map((inv) => ({
      id: inv.id, number: inv.number, status: inv.status, dueDate: inv.dueDate, clientId: inv.clientId, clientName: clientName.get(inv.clientId) ?? `#${inv.clientId}`, period: inv.period, lines: inv.lines.length,
      total: formatMinor(inv.totalMinor, inv.currency), due: formatMinor(inv.status === 'open' ? inv.totalMinor - inv.paidMinor : 0, inv.currency), createdAt: inv.createdAt,
    })),
  };
}

/** One service's month for the usage page: bytes with their GB (10^9, two decimals half up). */
export function usagePageView(usage: ServiceUsageJson, pull: PullStatus | null) {
  return {
    period: usage.period,
    download: { bytes: usage.download_bytes, gb: formatGb(usage.download_bytes) },
    upload: { bytes: usage.upload_bytes, gb: formatGb(usage.upload_bytes) },
    days: usage.days.map((d) => ({ ...d, download_gb: formatGb(d.download_bytes), upload_gb: formatGb(d.upload_bytes) })),
    pull,
  };
}
