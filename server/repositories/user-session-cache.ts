/**
 * A few-seconds memo of user records for the per-request session lookup: every signed-in request resolves
 * its user, and on SQLite's single connection that query queues behind everyone else's. Concurrent misses
 * share one load, and `forget` (called by every local update) drops the entry and any load in flight, so
 * a change made in this process is seen by the next request.
 */
import type { User } from '../domain/types.js';

/**
 * How long a record is reused. This bounds the staleness of changes made outside this process (the CLI,
 * another portal process): a user disabled there keeps their session for at most this long.
 */
export const USER_CACHE_TTL_MS = 3000;
const MAX_ENTRIES = 10_000;

interface Entry {
  expiresAt: number;
  load: Promise<User | null>;
}

/** The memo; `now` is injectable for tests. */
export class UserSessionCache {
  private readonly entries = new Map<number, Entry>();

  /** Builds an empty memo. */
  constructor(private readonly now: () => number = Date.now) {}

  /** The user with `id`, from the memo while fresh, else from `load` (shared by concurrent callers). */
  get(id: number, load: () => Promise<User | null>): Promise<User | null> {
    const at = this.now();
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > at) return hit.load.then(copy);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const entry: Entry = { expiresAt: at + USER_CACHE_TTL_MS, load: load() };
    this.entries.set(id, entry);
    // a failed load is not remembered: the next request asks the database again
    entry.load.catch(() => this.entries.get(id) === entry && this.entries.delete(id));
    return entry.load.then(copy);
  }

  /** Drops the user's entry, including a load that may have read the row before the change. */
  forget(id: number): void {
    this.entries.delete(id);
  }
}

// each caller gets its own object: a handler that edits req.user must not change what the next request sees
function copy(user: User | null): User | null {
  return user ? { ...user } : null;
}
