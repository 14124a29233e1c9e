/**
 * How many failed logins are tolerated, per account and per IP address, in a sliding window.
 * Plain arithmetic over stored counters; the repository keeps them in the database.
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface Counter {
  windowStart: number;
  failures: number;
}

/** Minutes left before a locked counter opens again; 0 when attempts are allowed. */
export function lockedMinutes(counter: Counter | null, limit: number, nowMs: number): number {
  if (!counter || nowMs - counter.windowStart >= LOGIN_WINDOW_MS || counter.failures < limit) return 0;
  return Math.max(1, Math.ceil((counter.windowStart + LOGIN_WINDOW_MS - nowMs) / 60_000));
}

/** The counter after one more failure: a fresh window when the old one has passed. */
export function afterFailure(counter: Counter | null, nowMs: number): Counter {
  if (!counter || nowMs - counter.windowStart >= LOGIN_WINDOW_MS) return { windowStart: nowMs, failures: 1 };
  return { windowStart: counter.windowStart, failures: counter.failures + 1 };
}
