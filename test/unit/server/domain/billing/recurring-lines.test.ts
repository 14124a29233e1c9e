import { expect } from 'chai';
import { formatPriceMinor, parsePriceMinor, proratedMinor, taxMinor } from '../../../../../server/domain/billing/prices.js';
import { planLines, type PlanPrices } from '../../../../../server/domain/billing/recurring-lines.js';
import type { PlanPeriod } from '../../../../../server/repositories/plans.repository.js';
import { ValidationError } from '../../../../../server/errors.js';

const prices: PlanPrices = {
  pricing: new Map([
    [1, { productId: 1, monthlyPriceMinor: 1000, setupFeeMinor: 250, customerCanChange: true }],
    [2, { productId: 2, monthlyPriceMinor: 700, setupFeeMinor: 0, customerCanChange: false }],
    [3, { productId: 3, monthlyPriceMinor: 0, setupFeeMinor: 0, customerCanChange: false }],
  ]),
  tiers: new Map([['1/t100', { productId: 1, code: 't100', name: '100 Mbit/s', downloadMbps: 100, uploadMbps: 100, monthlyPriceMinor: 333, monthlyGb: null, retired: false }]]),
  productNames: new Map([[1, 'Basic'], [2, 'Lite'], [3, 'Metered']]),
};
const p = (fromDay: string, productId = 1, tierCode: string | null = null): PlanPeriod => ({ serviceId: 9, fromDay, productId, tierCode });
const lines = (periods: PlanPeriod[], endDay: string | null = null, month = { year: 2026, month: 2 }) =>
  planLines({ id: 9, periods, endDay }, month, prices).map((l) => [l.kind, l.days, l.amountMinor]);

describe('recurring and setup lines', () => {
  it('bills a whole month at the monthly price and no setup fee after the first month', () => {
    expect(lines([p('2026-01-15')])).to.deep.equal([['recurring', 28, 1000]]);
  });

  it('charges the setup fee in the month the service began, and prorates from that day (both month edges)', () => {
    expect(lines([p('2026-02-01')])).to.deep.equal([['setup', null, 250], ['recurring', 28, 1000]]);
    expect(lines([p('2026-02-28')])).to.deep.equal([['setup', null, 250], ['recurring', 1, proratedMinor(1000, 1, 28)]]);
    expect(proratedMinor(1000, 1, 28)).to.equal(36);
  });

  it('splits the month at a tier change and at a product change, the day of the change on the new plan', () => {
    expect(lines([p('2026-01-01'), p('2026-02-11', 1, 't100')])).to.deep.equal([['recurring', 10, 357], ['recurring', 18, 857]]);
    expect(lines([p('2026-01-01'), p('2026-02-15', 2)])).to.deep.equal([['recurring', 14, 500], ['recurring', 14, 350]]);
  });

  it('adds up the days of a plan that applied twice, and stops on the day of termination', () => {
    expect(lines([p('2026-01-01'), p('2026-02-05', 1, 't100'), p('2026-02-10')], '2026-02-20')).to.deep.equal([['recurring', 14, 500], ['recurring', 5, proratedMinor(1333, 5, 28)]]);
    expect(lines([p('2026-01-01')], '2026-02-01')).to.deep.equal([]);
  });

  it('writes no recurring line for a plan without a price, and nothing before the service began', () => {
    expect(lines([p('2026-01-01', 3)])).to.deep.equal([]);
    expect(lines([p('2026-03-02')])).to.deep.equal([]);
    expect(lines([])).to.deep.equal([]);
  });

  it('rounds each prorated line half up', () => {
    // 1000 × 14 / 31 = 451.61… → 452; 700 × 15 / 28 = 375 exactly; 5 × 1 / 2 = 2.5 → 3
    expect(proratedMinor(1000, 14, 31)).to.equal(452);
    expect(proratedMinor(700, 15, 28)).to.equal(375);
    expect(proratedMinor(5, 1, 2)).to.equal(3);
  });
});

describe('tax and prices', () => {
  it('computes tax as round_half_up(subtotal × rate / 100), with decimal rates', () => {
    expect(taxMinor(50n, '23')).to.equal(12n); // 11.5 → 12
    expect(taxMinor(49n, '23')).to.equal(11n); // 11.27 → 11
    expect(taxMinor(1000n, '7.5')).to.equal(75n);
    expect(taxMinor(333n, '8.25')).to.equal(27n); // 27.4725 → 27
    expect(taxMinor(10n, '5')).to.equal(1n); // 0.5 → 1
    expect(taxMinor(1234n, '0')).to.equal(0n);
    expect(taxMinor(0n, '23')).to.equal(0n);
  });

  it('reads prices with at most two decimals and writes them with two', () => {
    expect(parsePriceMinor('5.00', 'monthly_price')).to.equal(500);
    expect(parsePriceMinor('12', 'monthly_price')).to.equal(1200);
    expect(parsePriceMinor('0.5', 'monthly_price')).to.equal(50);
    expect(formatPriceMinor(1205)).to.equal('12.05');
    for (const bad of ['-1', '1.001', '1e3', '', 'abc', ' ', null]) expect(() => parsePriceMinor(bad, 'monthly_price'), String(bad)).to.throw(ValidationError);
  });
});
