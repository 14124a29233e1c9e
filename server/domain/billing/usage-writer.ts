/**
 * Buffers pulled days and pull outcomes and stores them in batches, one transaction per batch, one batch
 * at a time. Panels answer in parallel; the database gets a few large statements instead of a stream of
 * small ones, which is what keeps SQLite from becoming the bottleneck of a large run.
 */
import type { PullOutcome } from '../../repositories/usage.repository.js';
import { DayBatch } from './day-batch.js';
import type { PulledDay } from './pull-service-days.js';

/** Stores one batch of days and outcomes; rejects when the transaction failed. */
export type StoreBatch = (days: DayBatch, pulls: PullOutcome[]) => Promise<void>;

/** Services per batch; about 6,000 day rows at a month each. */
export const SERVICES_PER_BATCH = 200;
/** Batches queued behind the one being written before add() makes callers wait. */
const MAX_QUEUED_BATCHES = 2;

/**
 * Builds a writer for one run.
 * @param onStoreFailure told about every service of a batch whose transaction failed, with the reason
 */
export function usageWriter(store: StoreBatch, onStoreFailure: (serviceId: number, error: string) => void, batchSize = SERVICES_PER_BATCH) {
  let days = new DayBatch();
  let pulls: PullOutcome[] = [];
  let queued = 0;
  let chain: Promise<void> = Promise.resolve();
  // batches written and emptied, ready to be filled again (see DayBatch)
  const spare: DayBatch[] = [];
  // every service reports the same few dozen dates: the buffer keeps one copy of each
  const dayNames = new Map<string, string>();
  const dayName = (day: string) => {
    const known = dayNames.get(day);
    if (known !== undefined) return known;
    dayNames.set(day, day);
    return day;
  };

  const flush = (): Promise<void> => {
    if (pulls.length === 0) return chain;
    const batch = { days, pulls };
    days = spare.pop() ?? new DayBatch();
    pulls = [];
    queued++;
    chain = chain.then(async () => {
      try {
        await store(batch.days, batch.pulls);
      } catch (err) {
        const reason = `could not store usage: ${(err as Error).message}`;
        for (const p of batch.pulls) if (p.error === null) onStoreFailure(p.serviceId, reason);
      } finally {
        queued--;
        batch.days.clear();
        spare.push(batch.days);
      }
    });
    return chain;
  };
  const maybeFlush = async () => {
    if (pulls.length < batchSize) return;
    const written = flush();
    // backpressure: when the database falls behind, the pullers wait instead of buffering without bound
    if (queued > MAX_QUEUED_BATCHES) await written;
  };

  return {
    /** Queues a successful pull. */
    async ok(serviceId: number, serverId: number | null, pulled: PulledDay[]): Promise<void> {
      days.add(serviceId, serverId, pulled, dayName);
      pulls.push({ serviceId, serverId, error: null });
      await maybeFlush();
    },
    /** Queues a failed pull, so the service's status row keeps the reason. */
    async failed(serviceId: number, serverId: number | null, error: string): Promise<void> {
      pulls.push({ serviceId, serverId, error });
      await maybeFlush();
    },
    /** Writes what is left and waits for every batch. */
    close(): Promise<void> {
      return flush();
    },
  };
}
