/**
 * Invoices for a finished month: one per customer, a line per service and enabled metric, priced exactly
 * (money.ts) from the stored daily rows, which each line keeps. Idempotent: a customer who already has
 * the month's invoice is left alone, so a second run creates nothing and changes nothing.
 */
import { ValidationError } from '../../errors.js';
import type { Invoice, StoredLine } from '../../repositories/invoices.repository.js';
import type { UsageCandidate, UsageDayRow } from '../../repositories/usage.repository.js';
import type { BillingDeps } from './billing-deps.js';
import { dayInZone, daysOfMonth, monthRangeUtc, nextMonth, parsePeriod, periodString } from './billing-calendar.js';
import { computeInvoiceLines, type ServiceUsage } from './invoice-lines.js';
import { GB_BASE, ROUNDING } from './money.js';
import { usageSources, type MeteredProduct } from './usage-sources.js';

/** The outcome: every invoice of the month (old and new) and how many this call created. */
export interface GenerateResult {
  period: string;
  invoices: Invoice[];
  created: number;
}

/**
 * Refuses a month that has not ended in BILLING_TZ: its invoice would freeze a partial month.
 * @throws ValidationError (field `period`)
 */
export function assertMonthOver(deps: Pick<BillingDeps, 'clock' | 'settings'>, period: string): void {
  const ym = parsePeriod(period);
  const today = dayInZone(deps.clock(), deps.settings.timeZone);
  const days = daysOfMonth(ym.year, ym.month);
  if (today <= days[days.length - 1]) {
    throw new ValidationError({ period: `is not over yet in ${deps.settings.timeZone}; invoices for ${period} can be generated from ${periodString(nextMonth(ym))}-01` }, `The month ${period} is not over yet`);
  }
}

/** Sums one service's days with BigInt and prices its metrics; lines keep the days they came from. */
function serviceLines(serviceId: number, metered: MeteredProduct, days: UsageDayRow[]): StoredLine[] {
  const usage: ServiceUsage = {
    serviceId,
    metrics: metered.metrics,
    usage: {
      downloadBytes: days.reduce((sum, d) => sum + BigInt(d.downloadBytes), 0n),
      uploadBytes: days.reduce((sum, d) => sum + BigInt(d.uploadBytes), 0n),
    },
  };
  return computeInvoiceLines([usage]).lines.map((line) => ({
    ...line,
    days: days.map((d) => ({ date: d.day, bytes: line.metric === 'download' ? d.downloadBytes : d.uploadBytes })),
  }));
}

/**
 * Creates the missing invoices of a month.
 * @param input.period 'YYYY-MM', a month that has ended in BILLING_TZ
 * @throws ValidationError (field `period`) for a malformed or unfinished month
 */
export async function generateInvoices(deps: BillingDeps, input: { period: string }): Promise<GenerateResult> {
  const { period } = input;
  assertMonthOver(deps, period);
  const range = monthRangeUtc(parsePeriod(period), deps.settings.timeZone);
  const sources = usageSources(deps);
  const invoiced = await deps.invoices.invoicedClients(period);

  const byClient = new Map<number, { candidate: UsageCandidate; metered: MeteredProduct }[]>();
  for (const candidate of await deps.usage.billableIn(period, range.from.toISOString(), range.to.toISOString())) {
    if (invoiced.has(candidate.client.id)) continue;
    const metered = await sources.metered(candidate.service.productId);
    if (!metered) continue;
    const list = byClient.get(candidate.client.id) ?? [];
    list.push({ candidate, metered });
    byClient.set(candidate.client.id, list);
  }

  const serviceIds = [...byClient.values()].flat().map((s) => s.candidate.service.id);
  const days = await deps.usage.daysOfMany(serviceIds, period);
  let created = 0;
  for (const [clientId, services] of byClient) {
    const lines = services
      .sort((a, b) => a.candidate.service.id - b.candidate.service.id)
      .flatMap(({ candidate, metered }) => serviceLines(candidate.service.id, metered, days.get(candidate.service.id) ?? []));
    const total = lines.reduce((sum, l) => sum + BigInt(l.amount_minor), 0n);
    const id = await deps.invoices.create({
      clientId,
      period,
      currency: deps.settings.currency,
      totalMinor: Number(total),
      gbBase: Number(GB_BASE),
      rounding: ROUNDING,
      timeZone: deps.settings.timeZone,
      createdAt: deps.clock().toISOString(),
      lines,
    });
    // null: a concurrent generation stored this client's invoice first; theirs stands
    if (id !== null) created++;
  }
  if (created > 0) deps.log.info({ period, created }, 'invoices generated');
  return { period, invoices: await deps.invoices.list({ period, limit: 100_000 }), created };
}
