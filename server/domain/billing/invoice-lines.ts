/**
 * The lines of one client's invoice for one month: one line per service and enabled metric, priced with
 * the exact rules of money.ts. Pure: the caller supplies the month's summed usage and the product metrics.
 */
import { AppError } from '../../errors.js';
import type { MeteredMetric } from '../../plugins/plugin-api.js';
import { amountMinor, billableBytes, formatGb, normalisePrice, toBytes } from './money.js';

/** The metrics billed on invoices, in the order their lines appear. */
export const METRICS = ['download', 'upload'] as const;

/** One billed metric. */
export type MetricName = (typeof METRICS)[number];

/** One service's month: its product's metrics and its summed traffic. */
export interface ServiceUsage {
  serviceId: number;
  metrics: Record<MetricName, MeteredMetric>;
  usage: { downloadBytes: bigint | number; uploadBytes: bigint | number };
}

/** An invoice line in the admin API's shape (admin-api.md "Invoice"). */
export interface InvoiceLine {
  service_id: number;
  metric: MetricName;
  bytes: number;
  /** all traffic of the month, 2 decimals half up, e.g. "12.35" */
  gb: string;
  included_gb: number;
  /** traffic above the included GB, 2 decimals half up */
  billable_gb: string;
  /** the price per GB, normalised: "0.05" */
  unit_price: string;
  amount_minor: number;
}

/**
 * Prices every enabled metric of every service. A line is written even for zero traffic, so the customer
 * sees that the metric was measured; disabled metrics produce no line.
 * @returns the lines in input order (download before upload) and their total in minor units
 * @throws ValidationError for a malformed price; AppError for negative or unsafe byte counts
 */
export function computeInvoiceLines(services: readonly ServiceUsage[]): { lines: InvoiceLine[]; total_minor: number } {
  const lines: InvoiceLine[] = [];
  for (const s of services) {
    for (const metric of METRICS) {
      const m = s.metrics[metric];
      if (!m.enabled) continue;
      const bytes = toBytes(metric === 'download' ? s.usage.downloadBytes : s.usage.uploadBytes);
      const billable = billableBytes(bytes, m.includedGb);
      lines.push({
        service_id: s.serviceId,
        metric,
        bytes: safeNumber(bytes),
        gb: formatGb(bytes),
        included_gb: m.includedGb,
        billable_gb: formatGb(billable),
        unit_price: normalisePrice(m.pricePerGb),
        // Each line is rounded on its own (per service, metric and month), then the rounded cents are summed.
        amount_minor: amountMinor(billable, m.pricePerGb),
      });
    }
  }
  const total = lines.reduce((sum, l) => sum + BigInt(l.amount_minor), 0n);
  return { lines, total_minor: safeNumber(total) };
}

/** JSON carries numbers; past 2^53 (9 PB in one month) refuse rather than silently lose precision. */
function safeNumber(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new AppError(500, 'amount_overflow', `${n} is too large for an invoice`);
  return Number(n);
}
