import { expect } from 'chai';
import type { User } from '../../../../server/domain/types.js';
import { MEMO_TTL_MS, ReadMemo } from '../../../../server/cache/read-memo.js';

const USER: User = { id: 7, email: 'a@example.test', name: 'A', role: 'client', disabled: false, createdAt: '2026-01-01T00:00:00.000Z', adminRole: null };

/** A cache on a hand-driven clock and a loader that counts its calls. */
function setup() {
  let now = 1_000_000;
  const cache = new ReadMemo<number, User>({ now: () => now, copy: (u) => ({ ...u }) });
  const loads = { n: 0 };
  const load = async () => {
    loads.n += 1;
    return { ...USER };
  };
  return { cache, loads, load, advance: (ms: number) => (now += ms) };
}

describe('ReadMemo', () => {
  it('loads once for concurrent and repeated lookups within the TTL', async () => {
    const { cache, loads, load } = setup();
    const [a, b] = await Promise.all([cache.get(7, load), cache.get(7, load)]);
    await cache.get(7, load);
    expect(loads.n).to.equal(1);
    expect(a).to.deep.equal(USER);
    expect(a).to.not.equal(b);
  });

  it('answers the old value once the TTL has passed while one background load replaces it', async () => {
    const { cache, advance } = setup();
    let n = 0;
    const load = async () => ({ ...USER, name: `v${++n}` });
    expect((await cache.get(7, load))?.name).to.equal('v1');
    advance(MEMO_TTL_MS);
    const stale = await Promise.all([cache.get(7, load), cache.get(7, load)]);
    expect(stale.map((u) => u?.name)).to.deep.equal(['v1', 'v1']);
    await new Promise((r) => setImmediate(r));
    expect(n).to.equal(2);
    expect((await cache.get(7, load))?.name).to.equal('v2');
  });

  it('waits for a new load when even the stale window has passed', async () => {
    const { cache, advance } = setup();
    let n = 0;
    const load = async () => ({ ...USER, name: `v${++n}` });
    await cache.get(7, load);
    advance(2 * MEMO_TTL_MS);
    expect((await cache.get(7, load))?.name).to.equal('v2');
  });

  it('does not let a background refresh bring back an entry forgotten meanwhile', async () => {
    const { cache, advance } = setup();
    let release: (u: User) => void = () => {};
    await cache.get(7, async () => ({ ...USER, name: 'old' }));
    advance(MEMO_TTL_MS);
    await cache.get(7, () => new Promise<User>((r) => (release = r)));
    cache.forget(7);
    release({ ...USER, name: 'read before the change' });
    await new Promise((r) => setImmediate(r));
    expect((await cache.get(7, async () => ({ ...USER, name: 'after the change' })))?.name).to.equal('after the change');
  });

  it('loads again at once when the user was forgotten', async () => {
    const { cache, loads, load } = setup();
    await cache.get(7, load);
    cache.forget(7);
    await cache.get(7, load);
    expect(loads.n).to.equal(2);
  });

  it('does not remember a failed load', async () => {
    const { cache, loads, load } = setup();
    const failed = await cache.get(7, () => Promise.reject(new Error('db down'))).catch((e: Error) => e.message);
    expect(failed).to.equal('db down');
    expect(await cache.get(7, load)).to.deep.equal(USER);
    expect(loads.n).to.equal(1);
  });

  it('hands each caller its own copy so an edit does not leak into the next request', async () => {
    const { cache, load } = setup();
    const first = (await cache.get(7, load)) as User;
    first.name = 'changed';
    expect((await cache.get(7, load))?.name).to.equal('A');
  });

  it('remembers a missing row, and serves a value put by a write without loading', async () => {
    const { cache, loads, load } = setup();
    expect(await cache.get(8, async () => null)).to.equal(null);
    expect(await cache.get(8, load)).to.equal(null);
    cache.set(7, { ...USER, name: 'written' });
    expect((await cache.get(7, load))?.name).to.equal('written');
    expect(loads.n).to.equal(0);
  });

  it('clear drops every key and a load in flight', async () => {
    const { cache, loads, load } = setup();
    let release: (u: User) => void = () => {};
    const slow = cache.get(7, () => new Promise<User>((r) => (release = r)));
    await cache.get(9, load);
    cache.clear();
    release({ ...USER, name: 'before the change' });
    await slow;
    expect((await cache.get(7, load))?.name).to.equal('A');
    await cache.get(9, load);
    expect(loads.n).to.equal(3);
  });

  describe('with its own lifetimes (the plugins\' panel caches)', () => {
    let now = 0;
    const clock = () => now;
    beforeEach(() => {
      now = 1_000;
    });
    const memo = <V>(options: { staleMs?: number; failureTtlMs?: number; maxEntries?: number } = {}) => new ReadMemo<string, V>({ now: clock, ttlMs: 100, staleMs: 0, ...options });

    it('loads once and serves the value until it expires', async () => {
      const cache = memo<string>();
      let loads = 0;
      const load = async () => `v${++loads}`;
      expect(await cache.get('k', load)).to.equal('v1');
      now += 99;
      expect(await cache.get('k', load)).to.equal('v1');
      now += 1;
      expect(await cache.get('k', load)).to.equal('v2');
    });

    it('reports when the value was loaded so "last checked" stays honest', async () => {
      const cache = memo<number>();
      await cache.get('k', async () => 1);
      now += 50;
      expect((await cache.read('k', async () => 2)).loadedAt).to.equal(1_000);
    });

    it('remembers a failure for failureTtlMs and then tries again', async () => {
      const cache = memo<number>({ failureTtlMs: 50 });
      let calls = 0;
      const failing = async () => {
        calls += 1;
        throw new Error('down');
      };
      await cache.get('k', failing).catch(() => undefined);
      await new Promise((r) => setImmediate(r));
      const again = await cache.get('k', failing).catch((e: Error) => e.message);
      expect(again).to.equal('down');
      expect(calls).to.equal(1);
      now += 50;
      expect(await cache.get('k', async () => 5)).to.equal(5);
    });

    it('drops the oldest entries when it holds more than maxEntries', async () => {
      const cache = memo<number>({ maxEntries: 2 });
      for (const k of ['a', 'b', 'c']) await cache.get(k, async () => 1);
      expect(cache.size).to.equal(2);
      let reloaded = false;
      await cache.get('a', async () => ((reloaded = true), 2));
      expect(reloaded).to.equal(true);
    });

    /** A load whose answers the test releases one by one. */
    function gatedLoad() {
      const gates: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
      const load = () => new Promise<string>((resolve, reject) => gates.push({ resolve, reject }));
      return { load, gates };
    }

    it('answers the old value at once, with its own loadedAt, while one background load replaces it', async () => {
      const cache = memo<string>({ staleMs: 100 });
      const { load, gates } = gatedLoad();
      const first = cache.read('k', load);
      gates[0]!.resolve('old');
      await first;
      now += 150;
      const stale = await Promise.all([cache.read('k', load), cache.read('k', load)]);
      expect(stale.map((r) => [r.value, r.loadedAt])).to.deep.equal([['old', 1_000], ['old', 1_000]]);
      expect(gates).to.have.length(2);
      gates[1]!.resolve('new');
      await new Promise((r) => setImmediate(r));
      const fresh = await cache.read('k', load);
      expect([fresh.value, fresh.loadedAt]).to.deep.equal(['new', 1_150]);
      expect(gates).to.have.length(2);
    });

    it('shows a failed refresh to the callers after it, as a failed load', async () => {
      const cache = memo<string>({ staleMs: 100, failureTtlMs: 1_000 });
      const { load, gates } = gatedLoad();
      const first = cache.get('k', load);
      gates[0]!.resolve('old');
      await first;
      now += 150;
      expect(await cache.get('k', load)).to.equal('old');
      gates[1]!.reject(new Error('panel down'));
      await new Promise((r) => setImmediate(r));
      const failed = await cache.get('k', load).catch((e: Error) => e.message);
      expect(failed).to.equal('panel down');
    });
  });
});
