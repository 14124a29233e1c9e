/**
 * A small in-memory cache with a time-to-live per entry, for panel answers that the client area reads
 * far more often than they change. Concurrent readers of a missing key share one load, so a burst of
 * page views costs the panel one call; failures are remembered briefly too, so a down panel is asked
 * again only after `failureTtlMs` instead of on every page view.
 */

interface Entry<V> {
  expiresAt: number;
  /** when the value was loaded, for "last checked" */
  loadedAt: number;
  value?: V;
  error?: unknown;
  pending?: Promise<V>;
  /** a background refresh of a stale value is running */
  refreshing?: boolean;
}

/** What a cache hit or load gives back: the value and when it was fetched. */
export interface Cached<V> {
  value: V;
  loadedAt: number;
}

/** Options of one cache; times in milliseconds. */
export interface TtlCacheOptions {
  /** how long a failed load is remembered; 0 = not at all */
  failureTtlMs?: number;
  /** entries kept at most; the oldest inserted go first */
  maxEntries?: number;
  now?: () => number;
}

/** A keyed TTL cache with shared in-flight loads. */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly failureTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  /** Builds an empty cache. */
  constructor(options: TtlCacheOptions = {}) {
    this.failureTtlMs = options.failureTtlMs ?? 0;
    this.maxEntries = options.maxEntries ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The cached value of `key`, or the result of `load` (stored for `ttlMs`).
   * @param key e.g. "<server id>|<client name>"
   * @param ttlMs how long a successful answer stays fresh
   * @param load fetches the value when it is missing or stale
   * @param staleMs for this long after expiry the old value is still answered while one background
   *   load replaces it: no caller waits for a refresh (the answer's loadedAt says how old it is)
   * @returns the value and when it was loaded
   * @throws whatever `load` threw, also for later callers within failureTtlMs
   */
  async get(key: string, ttlMs: number, load: () => Promise<V>, staleMs = 0): Promise<Cached<V>> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit?.pending) return { value: await hit.pending, loadedAt: this.entries.get(key)?.loadedAt ?? now };
    if (hit && hit.expiresAt > now) {
      if ('error' in hit) throw hit.error;
      return { value: hit.value as V, loadedAt: hit.loadedAt };
    }
    if (hit && 'value' in hit && hit.expiresAt + staleMs > now) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        // a failed refresh is stored as a failure, which the callers after it see as usual
        this.load(key, ttlMs, load).catch(() => undefined);
      }
      return { value: hit.value as V, loadedAt: hit.loadedAt };
    }
    return this.load(key, ttlMs, load);
  }

  private async load(key: string, ttlMs: number, load: () => Promise<V>): Promise<Cached<V>> {
    const entry: Entry<V> = { expiresAt: Infinity, loadedAt: this.now(), pending: load() };
    const stale = this.entries.get(key);
    // a refresh keeps the stale entry answering until its own answer is in
    if (!stale?.refreshing) this.store(key, entry);
    try {
      const value = await entry.pending!;
      Object.assign(entry, { value, loadedAt: this.now(), expiresAt: this.now() + ttlMs, pending: undefined });
      if (stale?.refreshing && this.entries.get(key) === stale) this.store(key, entry);
      return { value, loadedAt: entry.loadedAt };
    } catch (error) {
      Object.assign(entry, { error, loadedAt: this.now(), expiresAt: this.now() + this.failureTtlMs, pending: undefined });
      if (stale?.refreshing && this.entries.get(key) === stale) this.store(key, entry);
      if (this.failureTtlMs <= 0 && this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  /** Forgets one key, e.g. after a change the customer made through the portal. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Number of entries held, fresh or not. */
  get size(): number {
    return this.entries.size;
  }

  private store(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Map keeps insertion order, so the first keys are the oldest; expired ones go first anyway.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
