/**
 * The metric-billing card: traffic of the billing month so far and what it will cost, line by line as
 * the invoice will show it. The host prices the stored usage (exact money rules); this only formats,
 * in the customer's language.
 */
import type { Locale, UsageEstimate } from '../../../../server/plugins/plugin-api.js';

/** One billed metric. */
export interface MetricLineView {
  label: string;
  used: string;
  included: string;
  billable: string;
  price: string;
  amount: string;
}

/** The card, or why its figures are missing. */
export type MetricsView =
  | { available: true; period: string; lines: MetricLineView[]; total: string; rules: string; asOf: string }
  | { available: false; message: string };

/**
 * Formats an estimate for the card.
 * @param estimate the host's priced running month
 * @param locale the customer's language
 * @returns the card's data
 */
export function metricsView(estimate: UsageEstimate, locale: Locale): MetricsView {
  return {
    available: true,
    period: locale.month(estimate.period),
    lines: estimate.lines.map((l) => ({
      label: locale.t(l.metric === 'download' ? 'metrics.download' : 'metrics.upload'),
      used: locale.gb(l.gb),
      included: locale.gb(String(l.includedGb)),
      billable: locale.gb(l.billableGb),
      price: locale.t('metrics.perGb', { price: locale.price(l.unitPrice, estimate.currency) }),
      amount: locale.money(l.amountMinor, estimate.currency),
    })),
    total: locale.money(estimate.totalMinor, estimate.currency),
    rules: locale.t('portal:invoices.maths'),
    // the figures are the stored daily usage, collected from the panel on a schedule, not live
    asOf: estimate.updatedAt ? locale.t('metrics.updatedAt', { at: locale.dateTime(new Date(estimate.updatedAt)) }) : locale.t('metrics.daily'),
  };
}
