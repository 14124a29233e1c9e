import { expect } from 'chai';
import { pullServiceDays } from '../../../../../server/domain/billing/pull-service-days.js';
import type { ServiceContext, UsageDay, UsageMeter } from '../../../../../server/plugins/plugin-api.js';

/** A meter answering fixed rows per month, recording which months it was asked for. */
function meterWith(rows: Record<string, UsageDay[]>, asked: string[] = []): UsageMeter {
  return {
    type: 'test',
    metrics: () => null,
    monthlyUsage: async (_ctx, { year, month }) => {
      const key = `${year}-${String(month).padStart(2, '0')}`;
      asked.push(key);
      return rows[key] ?? [];
    },
  };
}
const ctx = {} as ServiceContext;
const day = (date: string, down = 1, up = 1): UsageDay => ({ date, downloadBytes: down, uploadBytes: up });

describe('pullServiceDays', () => {
  it('keeps the days of each month asked for, up to the run date, oldest first', async () => {
    const asked: string[] = [];
    const meter = meterWith({ '2026-03': [day('2026-03-31', 5), day('2026-04-01', 9)], '2026-04': [day('2026-04-02'), day('2026-04-01', 7), day('2026-04-03')] }, asked);
    const days = await pullServiceDays(meter, ctx, [{ year: 2026, month: 3 }, { year: 2026, month: 4 }], '2026-04-02');
    expect(asked).to.deep.equal(['2026-03', '2026-04']);
    // a row of April in March's answer is not taken from there; the day after the run date waits
    expect(days.map((d) => [d.day, d.downloadBytes])).to.deep.equal([['2026-03-31', 5], ['2026-04-01', 7], ['2026-04-02', 1]]);
  });

  it('fails the service on a row that is not a day of bytes', async () => {
    for (const bad of [day('2026-03-1'), day('2026-03-02', -1), day('2026-03-02', 1.5), { date: '2026-03-02', downloadBytes: 1, uploadBytes: Number.MAX_SAFE_INTEGER + 2 }]) {
      let error: unknown = null;
      await pullServiceDays(meterWith({ '2026-03': [bad] }), ctx, [{ year: 2026, month: 3 }], '2026-03-31').catch((e: unknown) => (error = e));
      expect(error, JSON.stringify(bad)).to.have.property('code', 'usage_invalid');
    }
  });
});
