/**
 * A clean stop on SIGTERM or SIGINT: readiness turns 503 and the listener closes (no new connections),
 * requests in flight finish, a running job reaches its next safe point (the services it already started
 * are stored, its run row is closed and its lease released), the mail and webhook senders finish the
 * batch they are sending, and the database closes; all within SHUTDOWN_GRACE_S, after which what is
 * left is cut off (a job's lease then lapses by itself and the next run takes over). A second signal
 * exits at once.
 */
import type { Server } from 'node:http';
import type { Container } from './container.js';

/** What the shutdown stops, in order. */
export interface ShutdownParts {
  c: Container;
  server: Server;
  jobs: { stop(): void };
  /** process.exit in the portal; tests of the sequence pass their own */
  exit: (code: number) => void;
}

/** Bounds a wait; resolves false when the time ran out. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Builds the signal handler.
 * @returns the handler to register for SIGTERM and SIGINT; it resolves when the process may exit
 */
export function gracefulShutdown({ c, server, jobs, exit }: ShutdownParts): (signal: string) => Promise<void> {
  let stopping = false;
  return async (signal) => {
    if (stopping) {
      c.log.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    const graceMs = c.config.shutdownGraceSeconds * 1000;
    const deadline = Date.now() + graceMs;
    const left = () => deadline - Date.now();
    c.log.info({ signal, graceSeconds: c.config.shutdownGraceSeconds }, 'stopping: no new requests or jobs; finishing what runs');
    // a stuck close or destroy must not keep a supervisor waiting past the grace period
    setTimeout(() => {
      c.log.error('shutdown did not finish in time: exiting');
      exit(1);
    }, graceMs + 5000).unref();
    c.stop.request();
    jobs.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // a keep-alive connection whose request was in flight becomes idle once answered: closed then
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    const [requestsDone, jobsDone] = await Promise.all([within(closed, graceMs), c.stop.settled(graceMs)]);
    clearInterval(idle);
    if (!requestsDone) {
      c.log.warn('requests still running at the end of the grace period: their connections are closed');
      server.closeAllConnections();
    }
    if (!jobsDone) c.log.warn('a job run did not reach a safe point in time: its lease expires by itself and the next run takes over');
    await within(Promise.all([c.mail.worker.stop(), c.webhooks.stop()]), Math.max(left(), 1000));
    await within(c.db.destroy(), 5000);
    c.log.info({ signal }, 'stopped');
    exit(0);
  };
}
