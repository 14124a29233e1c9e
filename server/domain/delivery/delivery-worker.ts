/**
 * The sender of a durable-delivery queue: claims the due rows (so several portal processes never
 * deliver one twice), hands each to the queue's own `deliver`, and records the outcome with the retry
 * policy: sent, tried again later (doubling delays) or failed. It knows nothing of what it delivers:
 * mail is its first user, webhook deliveries the next. A failed delivery never throws out of a tick,
 * and the loop runs on a short interval in-process until stop(), which waits for the tick in progress.
 */
import crypto from 'node:crypto';
import { nextTryAt, type RetryPolicy } from './retry-policy.js';

/** The queue columns every delivery row carries. */
export interface ClaimedDelivery {
  id: number;
  attempts: number;
  /** epoch ms of the first try, null before it */
  firstAttemptAt: number | null;
}

/** A queue's storage (server/repositories/delivery-queue.ts implements it over any table of the shape). */
export interface DeliveryStore<R extends ClaimedDelivery> {
  /** Claims up to `limit` due rows for `leaseMs` under `token`; rows claimed by another sender are skipped. */
  claimDue(at: number, limit: number, leaseMs: number, token: string): Promise<R[]>;
  /** Marks a claimed row sent; false when the claim was lost meanwhile. */
  markSent(id: number, token: string, at: number): Promise<boolean>;
  /** Records a failed try: queued again for `retryAt`, or failed when it is null. */
  markFailedTry(id: number, token: string, outcome: { error: string; retryAt: number | null; firstAttemptAt: number; at: number }): Promise<boolean>;
  /** How many rows are still queued. */
  queuedCount(): Promise<number>;
}

/** A failure that waiting cannot fix: the row is failed at once instead of tried again. */
export class PermanentDeliveryError extends Error {
  /** @param message why it cannot be delivered, shown to admins */
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** What one tick did. */
export interface TickResult {
  /** delivered in this tick */
  sent: number;
  /** tries that failed in this tick (tried again later, or given up) */
  failed: number;
  /** rows still queued afterwards (due later, or while delivery is off) */
  queued: number;
}

export interface DeliveryWorkerOptions<R extends ClaimedDelivery> {
  store: DeliveryStore<R>;
  /** delivers one row; throws to fail the try (PermanentDeliveryError: no retry) */
  deliver: (row: R) => Promise<void>;
  policy: RetryPolicy;
  clock: () => Date;
  /** false while there is nowhere to deliver to (e.g. SMTP_URL empty): rows then stay queued */
  enabled: () => boolean;
  /** how long a claim holds: longer than any one delivery may take */
  leaseMs: number;
  /** rows claimed at once; they are delivered in parallel */
  batchSize?: number;
  /** at most this many batches per tick, so one tick always ends */
  maxBatches?: number;
  onError?: (row: R, err: unknown) => void;
}

/** A queue's sender. */
export interface DeliveryWorker {
  /** Delivers every due row now. */
  tick(): Promise<TickResult>;
  /** Runs tick() every `intervalMs` (never two loop ticks at once) until stop(). */
  start(intervalMs: number): void;
  /** Stops the loop and waits for the tick in progress, which ends after the batch it is sending. */
  stop(): Promise<void>;
}

/** A delivery that outlives half its claim fails, so no other sender can take a row that is still being sent. */
async function withinLease(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no outcome within ${Math.round(ms / 1000)} s`)), ms);
  });
  work.catch(() => undefined);
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const message = (err: unknown) => String((err as Error)?.message ?? err).slice(0, 900);

/** Builds the sender of one queue. */
export function createDeliveryWorker<R extends ClaimedDelivery>(o: DeliveryWorkerOptions<R>): DeliveryWorker {
  const batchSize = o.batchSize ?? 5;
  const maxBatches = o.maxBatches ?? 200;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  // set by stop(): the loop's tick in progress ends after its batch instead of claiming more rows
  let stopping = false;

  const attempt = async (row: R, token: string): Promise<'sent' | 'failed'> => {
    try {
      await withinLease(o.deliver(row), o.leaseMs / 2);
      await o.store.markSent(row.id, token, o.clock().getTime());
      return 'sent';
    } catch (err) {
      o.onError?.(row, err);
      const at = o.clock().getTime();
      const firstAttemptAt = row.firstAttemptAt ?? at;
      const retryAt = nextTryAt(o.policy, { firstAttemptAt, failures: row.attempts + 1, at, permanent: err instanceof PermanentDeliveryError });
      await o.store.markFailedTry(row.id, token, { error: message(err), retryAt, firstAttemptAt, at });
      return 'failed';
    }
  };

  const runTick = async (fromLoop: boolean): Promise<TickResult> => {
    const result: TickResult = { sent: 0, failed: 0, queued: 0 };
    if (o.enabled()) {
      // one token per tick: a row claimed here is this tick's until it is marked
      const token = crypto.randomBytes(16).toString('hex');
      for (let n = 0; n < maxBatches; n++) {
        const rows = await o.store.claimDue(o.clock().getTime(), batchSize, o.leaseMs, token);
        for (const outcome of await Promise.all(rows.map((row) => attempt(row, token)))) result[outcome]++;
        if (rows.length < batchSize || (fromLoop && stopping)) break;
      }
    }
    result.queued = await o.store.queuedCount();
    return result;
  };

  const tick = () => runTick(false);
  const loop = () => {
    if (running) return;
    running = runTick(true)
      .catch((err: unknown) => o.onError?.({ id: 0, attempts: 0, firstAttemptAt: null } as R, err))
      .finally(() => {
        running = null;
      });
  };

  return {
    tick,
    start(intervalMs) {
      if (timer) return;
      stopping = false;
      timer = setInterval(loop, intervalMs);
      // the loop never keeps a process alive on its own
      timer.unref();
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
