/**
 * Runs a job body under the job's lease and records the run: a "running" row with progress, then
 * succeeded or failed with a summary. When another live process holds the lease the run is refused
 * with one log line (and no run row: a row per refused try would bury the real runs). The lease is
 * renewed by a heartbeat while the body runs and released at the end; a holder that died is taken
 * over by the next run (job-lease.ts).
 */
import crypto from 'node:crypto';
import type { BillingDeps } from './billing-deps.js';

/**
 * How long a lease lasts without a heartbeat: a runner that died on another machine blocks the job at
 * most this long (on the same machine its dead pid gives it away at once).
 */
export const LEASE_TTL_MS = 30_000;
/** Heartbeat period: six chances per TTL before the lease could lapse. */
const RENEW_EVERY_MS = 5_000;
/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 1000;

/** What a job body gets: its run id, a progress reporter and whether it must stop (lease lost). */
export interface RunControl {
  runId: number;
  progress(summary: object): void;
  shouldStop(): boolean;
}

/** Either the run started (and `done` settles when it ends) or another process holds the lease. */
export type ExclusiveStart<T> = { started: true; runId: number; done: Promise<T> } | { started: false; heldBy: string | null };

/**
 * Acquires the job's lease and starts the body; resolves as soon as it is known whether it started.
 * @param summarize what the run row keeps of the body's result (counts, failures)
 * @returns the started run (await `done` for the result; it rejects when the body throws), or a skip
 */
export async function startExclusive<T>(
  deps: BillingDeps,
  job: string,
  body: (control: RunControl) => Promise<T>,
  summarize: (result: T) => object,
): Promise<ExclusiveStart<T>> {
  const holder = `${deps.processName}:${crypto.randomBytes(4).toString('hex')}`;
  const now = () => deps.clock().toISOString();
  if (!(await deps.lease.acquire(job, holder, LEASE_TTL_MS))) {
    const current = await deps.lease.current(job);
    deps.log.info({ job, heldBy: current?.holder, heartbeatAt: current?.heartbeatAt }, 'job skipped: another process holds its lease');
    return { started: false, heldBy: current?.holder ?? null };
  }
  let runId: number;
  try {
    runId = await deps.jobRuns.start(job, holder, now());
    // we hold the lease, so any other "running" row of this job belongs to a process that died
    await deps.jobRuns.abandonOthers(job, runId, now());
  } catch (err) {
    await deps.lease.release(job, holder);
    throw err;
  }

  let lost = false;
  const renewal = setInterval(() => {
    deps.lease.renew(job, holder, LEASE_TTL_MS).then(
      (ok) => {
        if (!ok && !lost) deps.log.error({ job, holder }, 'job lease lost: stopping the run');
        lost ||= !ok;
      },
      (err: unknown) => deps.log.warn({ err, job }, 'job lease renewal failed; will retry'),
    );
  }, RENEW_EVERY_MS);
  renewal.unref();

  let lastProgress = 0;
  const control: RunControl = {
    runId,
    progress(summary) {
      const t = Date.now();
      if (t - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = t;
      deps.jobRuns.progress(runId, summary).catch((err: unknown) => deps.log.warn({ err, job }, 'could not record job progress'));
    },
    // a shutdown stops the run where a lost lease would: services not yet started are left to the next run
    shouldStop: () => lost || deps.stop.requested,
  };

  const startedAt = performance.now();
  // one log line and one metric per run, whichever trigger started it (cron, the API, the CLI, a button)
  const ended = (status: string, summary: object | null, error?: unknown) => {
    const seconds = (performance.now() - startedAt) / 1000;
    deps.observe.jobRun(job, status, seconds);
    const counts = Object.fromEntries(Object.entries(summary ?? {}).filter(([, v]) => typeof v === 'number' || typeof v === 'string'));
    const line = { job, run: runId, status, ms: Math.round(seconds * 1000), ...counts };
    if (status === 'succeeded') deps.log.info(line, 'job run finished');
    else if (deps.stop.requested && !lost) deps.log.warn(line, 'job run stopped by the shutdown; the next run does the rest');
    else deps.log.error({ ...line, err: error }, 'job run failed');
  };
  const done = (async () => {
    try {
      const result = await body(control);
      const summary = summarize(result);
      ended(lost || deps.stop.requested ? 'failed' : 'succeeded', summary, lost ? 'lease lost' : undefined);
      if (lost) await deps.jobRuns.finish(runId, { status: 'failed', finishedAt: now(), summary, error: 'the lease was lost (the run took too long between renewals); the rest was left for the next run' });
      else if (deps.stop.requested) await deps.jobRuns.finish(runId, { status: 'failed', finishedAt: now(), summary, error: 'the portal was stopped during the run; the services it had not reached are left for the next run' });
      else await deps.jobRuns.finish(runId, { status: 'succeeded', finishedAt: now(), summary });
      return result;
    } catch (err) {
      ended('failed', null, err);
      await deps.jobRuns.finish(runId, { status: 'failed', finishedAt: now(), summary: null, error: (err as Error)?.message ?? String(err) });
      throw err;
    } finally {
      clearInterval(renewal);
      await deps.lease.release(job, holder).catch((err: unknown) => deps.log.warn({ err, job }, 'could not release the job lease; it expires by itself'));
    }
  })();
  // the shutdown waits for the run to reach its safe point and release its lease
  return { started: true, runId, done: deps.stop.track(done) };
}
