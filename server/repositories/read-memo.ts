/**
 * A few-seconds memo for rows that every page view reads and that rarely change: the signed-in user,
 * the session, the product and its group's servers. On SQLite every query queues behind everyone
 * else's on one connection, so a page view's own data is the only thing worth a round trip.
 *
 * Concurrent misses share one load, and `forget`/`clear` (called by every local write) drop entries and
 * any load in flight, so a change made in this process is seen by the next request. The TTL bounds the
 * staleness of changes made elsewhere (the CLI, another portal process).
 */

/** The default reuse time: how long a change made outside this process may go unseen. */
export const MEMO_TTL_MS = 3000;
const MAX_ENTRIES = 10_000;

interface Entry<V> {
  expiresAt: number;
  load: Promise<V | null>;
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

  /** The value for `key`, from the memo while fresh, else from `load` (shared by concurrent callers). */
  get(key: K, load: () => Promise<V | null>): Promise<V | null> {
    const at = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > at) return hit.load.then(this.copied);
    // a simple bound: forgetting every entry only costs one extra load per key
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const entry: Entry<V> = { expiresAt: at + this.ttlMs, load: load() };
    this.entries.set(key, entry);
    // a failed load is not remembered: the next caller asks the database again
    entry.load.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return entry.load.then(this.copied);
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
