import { expect } from 'chai';
import { computeInvoiceLines, type ServiceUsage } from '../../../../../server/domain/billing/invoice-lines.js';
import type { MeteredMetric } from '../../../../../server/plugins/plugin-api.js';
import { AppError, ValidationError } from '../../../../../server/errors.js';

const on = (pricePerGb: string, includedGb = 0): MeteredMetric => ({ enabled: true, pricePerGb, includedGb });
const off: MeteredMetric = { enabled: false, pricePerGb: '0', includedGb: 0 };

function service(serviceId: number, download: MeteredMetric, upload: MeteredMetric, downloadBytes: number | bigint, uploadBytes: number | bigint): ServiceUsage {
  return { serviceId, metrics: { download, upload }, usage: { downloadBytes, uploadBytes } };
}

describe('invoice-lines', () => {
  it('prices the download metric and skips the upload one when only download is enabled', () => {
    const result = computeInvoiceLines([service(7, on('0.05'), off, 12_345_000_000, 9_000_000_000)]);
    expect(result).to.deep.equal({
      lines: [{
        service_id: 7, metric: 'download', bytes: 12_345_000_000, gb: '12.35', included_gb: 0, billable_gb: '12.35',
        unit_price: '0.05', amount_minor: 62, // 12.345 GB × 5 cents = 61.725 → 62
      }],
      total_minor: 62,
    });
  });

  it('subtracts the included GB when the service used more than its quota', () => {
    const [line] = computeInvoiceLines([service(1, on('0.1000', 10), off, 15_500_000_000, 0)]).lines;
    expect(line).to.deep.include({ gb: '15.50', included_gb: 10, billable_gb: '5.50', unit_price: '0.1', amount_minor: 55 });
  });

  it('writes a zero line when an enabled metric had no billable traffic', () => {
    const { lines, total_minor } = computeInvoiceLines([service(1, on('0.05', 100), on('0.02'), 3_000_000_000, 0)]);
    expect(lines.map((l) => [l.metric, l.billable_gb, l.amount_minor])).to.deep.equal([['download', '0.00', 0], ['upload', '0.00', 0]]);
    expect(total_minor).to.equal(0);
  });

  it('rounds each line on its own and sums the rounded cents when several services are billed', () => {
    // Each line is 0.5 cent exactly → 1 cent; a single combined rounding would give 2, not 3.
    const half = 500_000_000; // 0.5 GB at 0.01 per GB
    const result = computeInvoiceLines([
      service(1, on('0.01'), on('0.01'), half, half),
      service(2, on('0.01'), off, half, 0),
    ]);
    expect(result.lines.map((l) => [l.service_id, l.metric, l.amount_minor])).to.deep.equal([
      [1, 'download', 1], [1, 'upload', 1], [2, 'download', 1],
    ]);
    expect(result.total_minor).to.equal(3);
  });

  it('returns no lines and a zero total when no metric is enabled', () => {
    expect(computeInvoiceLines([service(1, off, off, 10 ** 12, 10 ** 12)])).to.deep.equal({ lines: [], total_minor: 0 });
    expect(computeInvoiceLines([])).to.deep.equal({ lines: [], total_minor: 0 });
  });

  it('accepts BigInt byte counts when usage comes summed as BigInt', () => {
    const [line] = computeInvoiceLines([service(1, off, on('2'), 0, 4_000_000_000_000n)]).lines;
    expect(line).to.deep.include({ metric: 'upload', bytes: 4_000_000_000_000, gb: '4000.00', amount_minor: 800_000 });
  });

  it('throws when a price is malformed or bytes are negative', () => {
    expect(() => computeInvoiceLines([service(1, on('0.5%'), off, 1, 0)])).to.throw(ValidationError);
    expect(() => computeInvoiceLines([service(1, on('0.5'), off, -1, 0)])).to.throw(AppError, 'negative');
  });

  it('throws rather than lose precision when bytes exceed a safe JSON number', () => {
    expect(() => computeInvoiceLines([service(1, on('0'), off, 2n ** 60n, 0)])).to.throw(AppError, 'too large');
  });
});
