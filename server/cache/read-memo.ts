/**
 * The portal's one cache implementation: a keyed memo of loads with a time-to-live. The caching layer
 * over the repositories (cached-repositories.ts), the session store and the plugins' caches (through
 * PluginHost.cache) are all built on it.
 *
 * Concurrent misses share one load, and `forget`/`clear` drop entries and any load in flight, so a
 * change made in this process is seen by the next request. For `staleMs` after expiry (one more TTL by
 * default) an entry is still answered while a single background load replaces it: under load, a page
 * whose rows expired together would otherwise wait for several queries in a row, each behind every
 * other request's work. A change made elsewhere (the CLI, another portal process) is therefore seen
 * within ttl + stale. A failed load is answered with its error for `failureTtlMs` (0 by default), so a
 * remote that is down is not asked again on every page view.
 */

/** The default reuse time; a change made outside this process may go unseen for twice this long. */
export const MEMO_TTL_MS = 2000;
const MAX_ENTRIES = 10_000;

interface Entry<V> {
  /** fresh until then; Infinity while the first load is in flight */
  expiresAt: number;
  loadedAt: number;
  load: Promise<V | null>;
  failed?: boolean;
  /** a background load is replacing this expired entry */
  refreshing?: boolean;
}

/** Options of one memo; times in milliseconds; `copy` gives each caller its own object, `now` is injectable for tests. */
export interface ReadMemoOptions<V> {
  ttlMs?: number;
  /** answered while refreshed for this long after expiry; default: ttlMs */
  staleMs?: number;
  /** a failed load is remembered this long; default 0 */
  failureTtlMs?: number;
  /** entries kept at most; the oldest go first */
  maxEntries?: number;
  copy?: (value: V) => V;
  now?: () => number;
}

/** A value and when it was loaded (epoch ms), for "last checked" lines. */
export interface MemoHit<V> {
  value: V | null;
  loadedAt: number;
}

/** A keyed memo of loads; a null answer ("no such row") is remembered like any other. */
export class ReadMemo<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly failureTtlMs: number;
  private readonly maxEntries: number;
  private readonly copy: (value: V) => V;
  private readonly now: () => number;
  /** reads answered from the memo (fresh or stale), for the metrics */
  hits = 0;
  /** reads that had to wait for a load */
  misses = 0;

  /** Builds an empty memo. */
  constructor(options: ReadMemoOptions<V> = {}) {
    this.ttlMs = options.ttlMs ?? MEMO_TTL_MS;
    this.staleMs = options.staleMs ?? this.ttlMs;
    this.failureTtlMs = options.failureTtlMs ?? 0;
    this.maxEntries = options.maxEntries ?? MAX_ENTRIES;
    this.copy = options.copy ?? ((v) => v);
    this.now = options.now ?? Date.now;
  }

  /**
   * The value for `key`: from the memo while fresh; while stale also from the memo, with one background
   * load replacing it; else from `load` (shared by concurrent callers).
   * @throws what `load` threw, also for later callers within failureTtlMs
   */
  get(key: K, load: () => Promise<V | null>): Promise<V | null> {
    // one promise per call: every page view asks several memos
    return this.entryFor(key, load).load.then(this.copied);
  }

  /** As get, with the time the value was loaded. */
  read(key: K, load: () => Promise<V | null>): Promise<MemoHit<V>> {
    const entry = this.entryFor(key, load);
    return entry.load.then((value) => ({ value: this.copied(value), loadedAt: entry.loadedAt }));
  }

  /** Puts a value just written or read with other columns, so the next read need not load it. */
  set(key: K, value: V | null): void {
    const at = this.now();
    this.store(key, { expiresAt: at + this.ttlMs, loadedAt: at, load: Promise.resolve(value) });
  }

  /** Drops the key's entry, including a load that may have read the row before the change. */
  forget(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry: for writes that may touch any key (a server moved between groups). */
  clear(): void {
    this.entries.clear();
  }

  /** Number of entries held, fresh or not. */
  get size(): number {
    return this.entries.size;
  }

  private entryFor(key: K, load: () => Promise<V | null>): Entry<V> {
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > at) {
      this.hits++;
      return hit;
    }
    // a failure is not answered stale: past its own TTL it is tried again
    if (hit && !hit.failed && hit.expiresAt + this.staleMs > at) {
      this.hits++;
      if (!hit.refreshing) {
        hit.refreshing = true;
        this.start(key, load, hit);
      }
      return hit;
    }
    this.misses++;
    return this.start(key, load);
  }

  /** Starts a load; a refresh takes the place of `stale` only if nothing replaced or dropped it meanwhile. */
  private start(key: K, load: () => Promise<V | null>, stale?: Entry<V>): Entry<V> {
    const entry: Entry<V> = { expiresAt: Number.POSITIVE_INFINITY, loadedAt: this.now(), load: started(load) };
    const current = () => this.entries.get(key) === (stale ?? entry);
    if (!stale) this.store(key, entry);
    entry.load.then(
      () => {
        if (!current()) return;
        entry.loadedAt = this.now();
        entry.expiresAt = entry.loadedAt + this.ttlMs;
        if (stale) this.store(key, entry);
      },
      () => {
        if (!current()) return;
        if (this.failureTtlMs <= 0) {
          this.entries.delete(key);
          return;
        }
        Object.assign(entry, { failed: true, loadedAt: this.now(), expiresAt: this.now() + this.failureTtlMs });
        this.store(key, entry);
      },
    );
    return entry;
  }

  private readonly copied = (value: V | null): V | null => (value === null ? null : this.copy(value));

  private store(key: K, entry: Entry<V>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // a Map keeps insertion order: the first keys are the oldest
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
  }
}

/** The load's promise; a load that throws before it returns one fails the same way. */
function started<T>(load: () => Promise<T>): Promise<T> {
  try {
    return load();
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Freezes a record and everything in it: a memo can then hand the one object to every reader (a copy
 * of a nested document per page view costs more than the query it saves), and a stray write throws
 * instead of changing what the next request sees.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
