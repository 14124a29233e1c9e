/**
 * The metric-billing card: traffic of the billing month so far and what it will cost, line by line as
 * the invoice will show it. The host prices the stored usage (exact money rules); this only formats.
 */
import type { UsageEstimate } from '../../../../server/plugins/plugin-api.js';
import { utcStamp } from './humanise.js';

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
 * Formats minor units: 1234 → "12.34 USD" (amounts are always hundredths, see the host's money rules).
 * @returns the amount and currency
 */
export function formatAmount(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency}`;
}

/**
 * Formats an estimate for the card.
 * @param estimate the host's priced running month
 * @returns the card's data
 */
export function metricsView(estimate: UsageEstimate): MetricsView {
  return {
    available: true,
    period: estimate.period,
    lines: estimate.lines.map((l) => ({
      label: l.metric === 'download' ? 'Download' : 'Upload',
      used: `${l.gb} GB`,
      included: `${l.includedGb} GB`,
      billable: `${l.billableGb} GB`,
      price: `${l.unitPrice} ${estimate.currency}/GB`,
      amount: formatAmount(l.amountMinor, estimate.currency),
    })),
    total: formatAmount(estimate.totalMinor, estimate.currency),
    rules: estimate.rules,
    // the figures are the stored daily usage, collected from the panel on a schedule, not live
    asOf: estimate.updatedAt ? `Last updated from the VPN server on ${utcStamp(new Date(estimate.updatedAt))}.` : 'Usage is updated from the VPN server once a day.',
  };
}
