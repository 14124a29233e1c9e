import { expect } from 'chai';
import { runLimited, runLimitedQueues } from '../../../../../server/domain/billing/limited-pool.js';

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

  it('reads queues given as async sources as it goes, in order per queue, within the limits', async () => {
    const fetched: string[] = [];
    async function* source(key: string, n: number) {
      for (let i = 0; i < n; i++) {
        await tick(1);
        fetched.push(`${key}${i}`);
        yield { key, i };
      }
    }
    const inFlight = new Map<string, number>();
    let total = 0;
    const peak = { perKey: 0, overall: 0 };
    const started: string[] = [];
    await runLimitedQueues([source('a', 9), source('b', 9), source('c', 9)], { perKey: 2, overall: 5 }, async (item) => {
      started.push(`${item.key}${item.i}`);
      inFlight.set(item.key, (inFlight.get(item.key) ?? 0) + 1);
      peak.perKey = Math.max(peak.perKey, inFlight.get(item.key) ?? 0);
      peak.overall = Math.max(peak.overall, ++total);
      await tick(5);
      inFlight.set(item.key, (inFlight.get(item.key) ?? 1) - 1);
      total--;
    }, { onError: () => undefined });
    expect(peak).to.deep.equal({ perKey: 2, overall: 5 });
    expect(started).to.have.length(27);
    for (const key of ['a', 'b', 'c']) expect(started.filter((s) => s.startsWith(key))).to.deep.equal(Array.from({ length: 9 }, (_, i) => `${key}${i}`));
    expect(fetched).to.have.length(27);
  });

  it('starts nothing more once a source fails, lets the started items finish, then rejects with its error', async () => {
    let failed!: () => void;
    const sourceFailed = new Promise<void>((resolve) => (failed = resolve));
    async function* failing() {
      yield 1;
      yield 2;
      failed();
      throw new Error('database gone');
    }
    const done: number[] = [];
    const error = await runLimitedQueues([failing(), [10, 11, 12]], { perKey: 1, overall: 2 }, async (n) => {
      // 10 is in flight when the other queue's source fails
      if (n === 10) await sourceFailed;
      done.push(n);
    }, { onError: () => undefined }).then(() => null, (e: unknown) => e);
    expect(error).to.have.property('message', 'database gone');
    expect(done.sort((a, b) => a - b)).to.deep.equal([1, 2, 10]);
  });
});
