/**
 * This month's usage of one service and what it would cost if the month ended now: for the customer's
 * service page and the client area. Priced with the same code as invoices, from the stored rows.
 */
import type { InvoiceLine } from './invoice-lines.js';
import { computeInvoiceLines } from './invoice-lines.js';
import type { BillingDeps } from './billing-deps.js';
import { dayInZone, monthOf, periodString } from './billing-calendar.js';
import { BILLING_RULES_TEXT } from './money.js';
import { usageSources } from './usage-sources.js';

/** The estimate: one line per enabled metric, as on an invoice. */
export interface UsageEstimate {
  period: string;
  currency: string;
  time_zone: string;
  lines: InvoiceLine[];
  total_minor: number;
  /** when the panel was last read successfully for this service (null: not yet) */
  updated_at: string | null;
  rules: string;
}

/**
 * Estimates the month of `now` (in BILLING_TZ) for a service.
 * @returns the estimate, or null when the service does not exist or its product bills no usage
 */
export async function usageEstimate(deps: BillingDeps, serviceId: number, now: Date): Promise<UsageEstimate | null> {
  const service = await deps.repos.services.findById(serviceId);
  const metered = service ? await usageSources(deps).metered(service.productId) : null;
  if (!service || !metered) return null;
  const period = periodString(monthOf(dayInZone(now, deps.settings.timeZone)));
  const [days, pull] = await Promise.all([deps.usage.daysOf(service.id, period), deps.usage.pullStatus(service.id)]);
  const { lines, total_minor } = computeInvoiceLines([
    {
      serviceId: service.id,
      metrics: metered.metrics,
      usage: {
        downloadBytes: days.reduce((s, d) => s + BigInt(d.downloadBytes), 0n),
        uploadBytes: days.reduce((s, d) => s + BigInt(d.uploadBytes), 0n),
      },
    },
  ]);
  return { period, currency: deps.settings.currency, time_zone: deps.settings.timeZone, lines, total_minor, updated_at: pull?.lastSuccessAt ?? null, rules: BILLING_RULES_TEXT };
}
