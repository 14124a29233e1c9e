import { expect } from 'chai';
import { parseTrafficList, trafficListSchema } from '../../../../plugins/puqvpncp/server/panel/panel-types.js';

const row = (date: unknown, down: unknown = 1, up: unknown = 2) => ({ date, traffic_download: down, traffic_upload: up });

describe('parseTrafficList (the daily pull\'s hand-written traffic parse)', () => {
  it('returns what the zod schema returns for good rows: fresh rows with only the three fields', () => {
    const data = [row('2026-03-01', 0, Number.MAX_SAFE_INTEGER), { ...row('2024-02-29', 3e9, 7), extra: 'dropped' }, row('2000-02-29', -0, 5)];
    const fast = parseTrafficList(data);
    expect(fast).to.deep.equal(trafficListSchema.parse(data));
    expect(fast?.[1]).to.not.equal(data[1]);
    expect(parseTrafficList([])).to.deep.equal([]);
  });

  it('leaves every answer zod refuses to zod, so that the refusal is worded as for any endpoint', () => {
    const refused: unknown[] = [
      null, {}, 'rows', [null], [[1, 2]], ['2026-03-01'],
      [row('2026-02-29')], [row('1900-02-29')], [row('2026-04-31')], [row('2026-13-01')], [row('2026-3-01')], [row(' 2026-03-01')], [row(20260301)],
      [row('2026-03-01', -1)], [row('2026-03-01', 1.5)], [row('2026-03-01', 2 ** 53)], [row('2026-03-01', '1')], [row('2026-03-01', 1, NaN)], [row('2026-03-01', 1, null)],
      [{ date: '2026-03-01', traffic_download: 1 }], [row('2026-03-01'), row('2026-03-02', Infinity)],
    ];
    for (const data of refused) {
      expect(parseTrafficList(data), JSON.stringify(data)).to.equal(undefined);
      expect(trafficListSchema.safeParse(data).success, JSON.stringify(data)).to.equal(false);
    }
  });
});
