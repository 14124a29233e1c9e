import { expect } from 'chai';
import { runLimited } from '../../../../../server/domain/billing/limited-pool.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runLimited', () => {
  it('keeps in flight at most perKey per key and overall in total, and runs every item', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ id: i, key: i % 4 }));
    const inFlight = new Map<number, number>();
    let total = 0;
    const peak = { perKey: 0, overall: 0 };
    const done: number[] = [];
    await runLimited(items, (i) => i.key, { perKey: 3, overall: 7 }, async (item) => {
      inFlight.set(item.key, (inFlight.get(item.key) ?? 0) + 1);
      total++;
      peak.perKey = Math.max(peak.perKey, inFlight.get(item.key) ?? 0);
      peak.overall = Math.max(peak.overall, total);
      await tick(5);
      inFlight.set(item.key, (inFlight.get(item.key) ?? 1) - 1);
      total--;
      done.push(item.id);
    }, { onError: () => undefined });
    expect(peak).to.deep.equal({ perKey: 3, overall: 7 });
    expect(done.sort((a, b) => a - b)).to.deep.equal(items.map((i) => i.id));
  });

  it('hands a failing item to onError and carries on with the rest', async () => {
    const failed: number[] = [];
    const done: number[] = [];
    await runLimited([1, 2, 3, 4], () => 'one', { perKey: 2, overall: 2 }, async (n) => {
      if (n === 2) throw new Error('boom');
      done.push(n);
    }, { onError: (n) => failed.push(n) });
    expect(failed).to.deep.equal([2]);
    expect(done.sort()).to.deep.equal([1, 3, 4]);
  });

  it('starts no new item once told to stop', async () => {
    let stop = false;
    const done: number[] = [];
    await runLimited([1, 2, 3, 4, 5], () => 0, { perKey: 1, overall: 1 }, async (n) => {
      done.push(n);
      if (n === 2) stop = true;
    }, { onError: () => undefined, shouldStop: () => stop });
    expect(done).to.deep.equal([1, 2]);
  });
});
