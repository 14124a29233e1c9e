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

/** The items of one key, in order; an async iterable fetches them as the workers get to them. */
export type KeyQueue<T> = Iterable<T> | AsyncIterable<T>;

/** What runLimited does besides the work: where failures go, and when to stop starting items. */
export interface PoolOptions<T> {
  onError: (item: T, err: unknown) => void;
  shouldStop?: () => boolean;
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
  options: PoolOptions<T>,
): Promise<void> {
  const queues = new Map<string | number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const queue = queues.get(key) ?? [];
    queue.push(item);
    queues.set(key, queue);
  }
  await runLimitedQueues(queues.values(), limits, work, options);
}

/**
 * runLimited over queues already split by key, each a list or a source read as items are needed.
 * @throws the first error a queue's source threw, once the items already started are done (none is started after it)
 */
export async function runLimitedQueues<T>(queues: Iterable<KeyQueue<T>>, limits: PoolLimits, work: (item: T) => Promise<void>, options: PoolOptions<T>): Promise<void> {
  const acquire = semaphore(Math.max(1, limits.overall));
  const workers: Promise<void>[] = [];
  let sourceError: { err: unknown } | undefined;
  const stopped = () => sourceError !== undefined || options.shouldStop?.() === true;
  for (const queue of queues) {
    const items = Symbol.asyncIterator in queue ? queue[Symbol.asyncIterator]() : queue[Symbol.iterator]();
    const worker = async () => {
      while (!stopped()) {
        let next: IteratorResult<T>;
        try {
          next = await items.next();
        } catch (err) {
          sourceError ??= { err };
          return;
        }
        if (next.done || stopped()) return;
        const release = await acquire();
        try {
          await work(next.value);
        } catch (err) {
          options.onError(next.value, err);
        } finally {
          release();
        }
      }
    };
    const size = Array.isArray(queue) ? queue.length : Infinity;
    for (let w = 0; w < Math.min(Math.max(1, limits.perKey), size); w++) workers.push(worker());
  }
  await Promise.all(workers);
  if (sourceError) throw sourceError.err;
}
