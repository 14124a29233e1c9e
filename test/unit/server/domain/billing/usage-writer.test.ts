import { expect } from 'chai';
import { usageWriter } from '../../../../../server/domain/billing/usage-writer.js';
import type { PullOutcome } from '../../../../../server/repositories/usage.repository.js';

describe('usageWriter', () => {
  it('stores days and outcomes in batches of the given size, the rest on close', async () => {
    const batches: { days: number; pulls: PullOutcome[] }[] = [];
    const writer = usageWriter(async (days, pulls) => void batches.push({ days: days.rows, pulls }), () => undefined, 2);
    await writer.ok(1, 10, [{ day: '2026-03-01', downloadBytes: 1, uploadBytes: 2 }]);
    await writer.failed(2, 10, 'panel down');
    await writer.ok(3, 11, [{ day: '2026-03-01', downloadBytes: 1, uploadBytes: 2 }, { day: '2026-03-02', downloadBytes: 3, uploadBytes: 4 }]);
    await writer.close();
    expect(batches.map((b) => b.days)).to.deep.equal([1, 2]);
    expect(batches[0].pulls).to.deep.equal([{ serviceId: 1, serverId: 10, error: null }, { serviceId: 2, serverId: 10, error: 'panel down' }]);
    expect(batches[1].pulls).to.deep.equal([{ serviceId: 3, serverId: 11, error: null }]);
  });

  it('reports every successful service of a batch that could not be stored', async () => {
    const lost: [number, string][] = [];
    const writer = usageWriter(async () => {
      throw new Error('disk full');
    }, (id, why) => lost.push([id, why]), 10);
    await writer.ok(1, 1, []);
    await writer.failed(2, 1, 'panel down');
    await writer.close();
    expect(lost).to.deep.equal([[1, 'could not store usage: disk full']]);
  });
});
