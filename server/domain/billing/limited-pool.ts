/**
 * Runs work over many items with two limits at once: at most `perKey` in flight per key (one panel
 * server must not be hammered) and at most `overall` in flight in total (the portal's own sockets and
 * memory). Items of one key run in the order given.
 */

/** The two concurrency limits; both at least 1. */
export interface PoolLimits {
  perKey: number;
  overall: number;
}

/** A counting semaphore: acquire() resolves to a release function once a slot is free. */
function semaphore(slots: number): () => Promise<() => void> {
  let free = slots;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return () => {
    if (free > 0) {
      free--;
      return Promise.resolve(release);
    }
    return new Promise((resolve) => waiting.push(() => resolve(release)));
  };
}

/**
 * Calls `work` once per item within the limits; resolves when every item is done or `shouldStop()` turned
 * true (items not yet started are then left alone).
 * @param work must handle its own failures: a rejection is passed to `onError` and the pool carries on
 */
export async function runLimited<T>(
  items: readonly T[],
  keyOf: (item: T) => string | number,
  limits: PoolLimits,
  work: (item: T) => Promise<void>,
  options: { onError: (item: T, err: unknown) => void; shouldStop?: () => boolean },
): Promise<void> {
  const queues = new Map<string | number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const queue = queues.get(key) ?? [];
    queue.push(item);
    queues.set(key, queue);
  }
  const acquire = semaphore(Math.max(1, limits.overall));
  const workers: Promise<void>[] = [];
  for (const queue of queues.values()) {
    let next = 0;
    const worker = async () => {
      while (next < queue.length && !options.shouldStop?.()) {
        const item = queue[next++];
        const release = await acquire();
        try {
          await work(item);
        } catch (err) {
          options.onError(item, err);
        } finally {
          release();
        }
      }
    };
    for (let w = 0; w < Math.min(Math.max(1, limits.perKey), queue.length); w++) workers.push(worker());
  }
  await Promise.all(workers);
}
