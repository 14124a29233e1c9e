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
});
