import { expect } from 'chai';
import { DayBatch, type DayBytes } from '../../../../../server/domain/billing/day-batch.js';

const month = (n: number, base: number): DayBytes[] =>
  Array.from({ length: n }, (_, i) => ({ day: `2026-03-${String(i + 1).padStart(2, '0')}`, downloadBytes: base + i, uploadBytes: 2 ** 40 + base + i }));

/** Every row of a batch as [service, server, day, down, up]. */
function rowsOf(batch: DayBatch): [number, number | null, string, number, number][] {
  const rows: [number, number | null, string, number, number][] = [];
  let r = 0;
  for (let s = 0; s < batch.services; s++) {
    const { serviceId, serverId, rowCount } = batch.service(s);
    for (let end = r + rowCount; r < end; r++) rows.push([serviceId, serverId, batch.day(r), batch.downloadBytes(r), batch.uploadBytes(r)]);
  }
  return rows;
}

describe('DayBatch', () => {
  it('keeps each service\'s days, in order, past its initial capacity', () => {
    const batch = new DayBatch();
    for (let id = 1; id <= 300; id++) batch.add(id, id % 7 === 0 ? null : 10 + (id % 3), month(31, id * 1000));
    expect([batch.services, batch.rows]).to.deep.equal([300, 9300]);
    const rows = rowsOf(batch);
    expect(rows[0]).to.deep.equal([1, 11, '2026-03-01', 1000, 2 ** 40 + 1000]);
    expect(rows[7 * 31 - 1]).to.deep.equal([7, null, '2026-03-31', 7030, 2 ** 40 + 7030]);
    expect(rows[9299]).to.deep.equal([300, 10, '2026-03-31', 300_030, 2 ** 40 + 300_030]);
  });

  it('is empty after clear() and refills without keeping anything of before', () => {
    const batch = new DayBatch();
    batch.add(1, 5, month(31, 0));
    batch.add(2, 5, []);
    batch.clear();
    expect([batch.services, batch.rows]).to.deep.equal([0, 0]);
    batch.add(3, null, month(2, 50));
    expect(rowsOf(batch)).to.deep.equal([
      [3, null, '2026-03-01', 50, 2 ** 40 + 50],
      [3, null, '2026-03-02', 51, 2 ** 40 + 51],
    ]);
  });
});
