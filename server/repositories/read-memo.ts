/**
 * A few-seconds memo for rows that every page view reads and that rarely change: the signed-in user,
 * the session, the product and its group's servers. On SQLite every query queues behind everyone
 * else's on one connection, so a page view's own data is the only thing worth a round trip.
 *
 * Concurrent misses share one load, and `forget`/`clear` (called by every local write) drop entries and
 * any load in flight, so a change made in this process is seen by the next request. For one more TTL
 * after expiry an entry is still answered while a single background load replaces it: under load, a
 * page whose rows expired together would otherwise wait for several queries in a row, each behind every
 * other request's work. A change made elsewhere (the CLI, another portal process) is therefore seen
 * within two TTLs.
 */

/** The default reuse time; a change made outside this process may go unseen for twice this long. */
export const MEMO_TTL_MS = 2000;
const MAX_ENTRIES = 10_000;

interface Entry<V> {
  expiresAt: number;
  load: Promise<V | null>;
  /** a background load is replacing this expired entry */
  refreshing?: boolean;
}

/** Options of one memo; `copy` gives each caller its own object, `now` is injectable for tests. */
export interface ReadMemoOptions<V> {
  ttlMs?: number;
  copy?: (value: V) => V;
  now?: () => number;
}

/** A keyed memo of loads; a null answer ("no such row") is remembered like any other. */
export class ReadMemo<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly ttlMs: number;
  private readonly copy: (value: V) => V;
  private readonly now: () => number;

  /** Builds an empty memo. */
  constructor(options: ReadMemoOptions<V> = {}) {
    this.ttlMs = options.ttlMs ?? MEMO_TTL_MS;
    this.copy = options.copy ?? ((v) => v);
    this.now = options.now ?? Date.now;
  }

  /**
   * The value for `key`: from the memo while fresh; while stale (one TTL after expiry) also from the
   * memo, with one background load replacing it; else from `load` (shared by concurrent callers).
   */
  get(key: K, load: () => Promise<V | null>): Promise<V | null> {
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > at) return hit.load.then(this.copied);
    if (hit && hit.expiresAt + this.ttlMs > at) {
      if (!hit.refreshing) {
        hit.refreshing = true;
        this.start(key, load, hit);
      }
      return hit.load.then(this.copied);
    }
    // a simple bound: forgetting every entry only costs one extra load per key
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    return this.start(key, load).then(this.copied);
  }

  /** Puts a value just written or read with other columns, so the next read need not load it. */
  set(key: K, value: V | null): void {
    this.entries.set(key, { expiresAt: this.now() + this.ttlMs, load: Promise.resolve(value) });
  }

  /** Drops the key's entry, including a load that may have read the row before the change. */
  forget(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry: for writes that may touch any key (a server moved between groups). */
  clear(): void {
    this.entries.clear();
  }

  /** Starts a load; a refresh takes the place of `stale` only if nothing replaced or dropped it meanwhile. */
  private start(key: K, load: () => Promise<V | null>, stale?: Entry<V>): Promise<V | null> {
    const entry: Entry<V> = { expiresAt: this.now() + this.ttlMs, load: load() };
    if (stale) {
      entry.load.then(
        () => this.entries.get(key) === stale && this.entries.set(key, { ...entry, expiresAt: this.now() + this.ttlMs }),
        // a failed refresh drops the stale entry: the next caller asks the database again
        () => this.entries.get(key) === stale && this.entries.delete(key),
      );
      return entry.load;
    }
    this.entries.set(key, entry);
    // a failed load is not remembered: the next caller asks the database again
    entry.load.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return entry.load;
  }

  private readonly copied = (value: V | null): V | null => (value === null ? null : this.copy(value));
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
