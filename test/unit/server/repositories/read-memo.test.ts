import { expect } from 'chai';
import type { User } from '../../../../server/domain/types.js';
import { MEMO_TTL_MS, ReadMemo } from '../../../../server/repositories/read-memo.js';

const USER: User = { id: 7, email: 'a@example.test', name: 'A', role: 'client', disabled: false, createdAt: '2026-01-01T00:00:00.000Z' };

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
});
