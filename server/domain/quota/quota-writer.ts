/**
 * Batches a run's quota writes: one transaction per batch of services (state, history and mails of each
 * commit together), one batch at a time, so a first run that warns and limits thousands of services costs
 * a few dozen transactions instead of one each, and SQLite's one connection stays free for the pull.
 */
import type { DomainDeps } from '../deps.js';
import { writeQuotaChanges, type QuotaWrite } from './settle-service-quota.js';

/** Services per transaction. */
export const WRITES_PER_BATCH = 200;
/** Batches waiting behind the one being written before a caller waits. */
const MAX_QUEUED_BATCHES = 2;

/**
 * Builds the writer of one run.
 * @param onFailure told about every service of a batch whose transaction failed (its change is redone by the next run)
 */
export function quotaWriter(deps: DomainDeps, onFailure: (serviceId: number, error: string) => void, batchSize = WRITES_PER_BATCH) {
  let batch: QuotaWrite[] = [];
  let queued = 0;
  let chain: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (batch.length === 0) return chain;
    const writes = batch;
    batch = [];
    queued++;
    chain = chain.then(async () => {
      try {
        await writeQuotaChanges(deps, writes);
      } catch (err) {
        for (const w of writes) onFailure(w.serviceId, `could not store the quota state: ${(err as Error).message}`);
      } finally {
        queued--;
      }
    });
    return chain;
  };
  return {
    /** Queues one service's write (the QuotaSink of a run). */
    async add(write: QuotaWrite): Promise<void> {
      batch.push(write);
      if (batch.length < batchSize) return;
      const written = flush();
      if (queued > MAX_QUEUED_BATCHES) await written;
    },
    /** Writes what is left and waits for every batch. */
    close(): Promise<void> {
      return flush();
    },
  };
}
