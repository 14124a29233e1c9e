import { expect } from 'chai';
import { TtlCache } from '../../../../../plugins/puqvpncp/server/client-area/ttl-cache.js';

describe('TtlCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('loads once and serves the value until it expires', async () => {
    const cache = new TtlCache<string>({ now: clock });
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect((await cache.get('k', 100, load)).value).to.equal('v1');
    now += 99;
    expect((await cache.get('k', 100, load)).value).to.equal('v1');
    now += 1;
    expect((await cache.get('k', 100, load)).value).to.equal('v2');
  });

  it('reports when the value was loaded so "last checked" stays honest', async () => {
    const cache = new TtlCache<number>({ now: clock });
    await cache.get('k', 100, async () => 1);
    now += 50;
    expect((await cache.get('k', 100, async () => 2)).loadedAt).to.equal(1_000);
  });

  it('shares one load between concurrent readers of a missing key', async () => {
    const cache = new TtlCache<number>({ now: clock });
    let loads = 0;
    let release: (v: number) => void = () => undefined;
    const load = () => {
      loads += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const readers = [cache.get('k', 100, load), cache.get('k', 100, load), cache.get('k', 100, load)];
    release(7);
    expect((await Promise.all(readers)).map((r) => r.value)).to.deep.equal([7, 7, 7]);
    expect(loads).to.equal(1);
  });

  it('remembers a failure for failureTtlMs and then tries again', async () => {
    const cache = new TtlCache<number>({ now: clock, failureTtlMs: 50 });
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('down');
    };
    await cache.get('k', 100, failing).catch(() => undefined);
    const again = await cache.get('k', 100, failing).catch((e: Error) => e.message);
    expect(again).to.equal('down');
    expect(calls).to.equal(1);
    now += 50;
    expect((await cache.get('k', 100, async () => 5)).value).to.equal(5);
  });

  it('does not remember a failure when failureTtlMs is 0', async () => {
    const cache = new TtlCache<number>({ now: clock });
    await cache.get('k', 100, async () => Promise.reject(new Error('x'))).catch(() => undefined);
    expect((await cache.get('k', 100, async () => 3)).value).to.equal(3);
  });

  it('drops the oldest entries when it holds more than maxEntries', async () => {
    const cache = new TtlCache<number>({ now: clock, maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await cache.get(k, 100, async () => 1);
    expect(cache.size).to.equal(2);
    let reloaded = false;
    await cache.get('a', 100, async () => ((reloaded = true), 2));
    expect(reloaded).to.equal(true);
  });

  describe('serving a stale value while it refreshes', () => {
    /** A load whose answers the test releases one by one. */
    function gatedLoad() {
      const gates: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
      const load = () => new Promise<string>((resolve, reject) => gates.push({ resolve, reject }));
      return { load, gates };
    }

    it('answers the old value at once, with its own loadedAt, while one background load replaces it', async () => {
      const cache = new TtlCache<string>({ now: clock });
      const { load, gates } = gatedLoad();
      const first = cache.get('k', 100, load, 100);
      gates[0]!.resolve('old');
      await first;
      now += 150;
      const stale = await Promise.all([cache.get('k', 100, load, 100), cache.get('k', 100, load, 100)]);
      expect(stale.map((r) => [r.value, r.loadedAt])).to.deep.equal([['old', 1_000], ['old', 1_000]]);
      expect(gates).to.have.length(2);
      gates[1]!.resolve('new');
      await new Promise((r) => setImmediate(r));
      const fresh = await cache.get('k', 100, load, 100);
      expect([fresh.value, fresh.loadedAt]).to.deep.equal(['new', 1_150]);
      expect(gates).to.have.length(2);
    });

    it('waits for a new load once the stale window has passed too', async () => {
      const cache = new TtlCache<string>({ now: clock });
      await cache.get('k', 100, async () => 'old', 100);
      now += 200;
      expect((await cache.get('k', 100, async () => 'new', 100)).value).to.equal('new');
    });

    it('shows a failed refresh to the callers after it, as a failed load', async () => {
      const cache = new TtlCache<string>({ now: clock, failureTtlMs: 1_000 });
      const { load, gates } = gatedLoad();
      const first = cache.get('k', 100, load, 100);
      gates[0]!.resolve('old');
      await first;
      now += 150;
      expect((await cache.get('k', 100, load, 100)).value).to.equal('old');
      gates[1]!.reject(new Error('panel down'));
      await new Promise((r) => setImmediate(r));
      const failed = await cache.get('k', 100, load, 100).catch((e: Error) => e.message);
      expect(failed).to.equal('panel down');
    });
  });
});
