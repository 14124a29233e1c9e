/**
 * When a durable delivery is tried again, and when it is given up (admin-api.md: the first delay, then
 * doubling, at most an hour; undelivered a day after the first try = failed). Plain arithmetic over
 * epoch milliseconds, shared by every queue (mail now, webhooks later).
 */

/** The longest wait between two tries. */
export const MAX_RETRY_DELAY_MS = 3600_000;
/** A delivery still failing this long after its first try is given up. */
export const GIVE_UP_AFTER_MS = 24 * 3600_000;

/** How a queue retries. */
export interface RetryPolicy {
  /** the wait after the first failed try (MAIL_RETRY_S, WEBHOOK_RETRY_S) */
  firstDelayMs: number;
  maxDelayMs: number;
  giveUpAfterMs: number;
}

/** The policy of admin-api.md for a first delay. */
export function retryPolicy(firstDelayMs: number): RetryPolicy {
  return { firstDelayMs, maxDelayMs: MAX_RETRY_DELAY_MS, giveUpAfterMs: GIVE_UP_AFTER_MS };
}

/**
 * The wait after the n-th failed try: first delay, then doubling, capped.
 * @param failures how many tries have failed so far (1 after the first)
 */
export function retryDelayMs(policy: RetryPolicy, failures: number): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(policy.firstDelayMs * 2 ** doublings, policy.maxDelayMs);
}

/**
 * What follows a failed try: the time of the next one, or null when the delivery is given up.
 * @param firstAttemptAt when the delivery was first tried (the try that just failed, for a first failure)
 * @param failures how many tries have failed, this one included
 * @param at when this try failed
 * @param permanent the failure cannot pass by itself (a refused recipient, a cancelled cause)
 */
export function nextTryAt(policy: RetryPolicy, input: { firstAttemptAt: number; failures: number; at: number; permanent: boolean }): number | null {
  if (input.permanent) return null;
  const next = input.at + retryDelayMs(policy, input.failures);
  // a try that would come after the day is over is not made
  return next - input.firstAttemptAt > policy.giveUpAfterMs ? null : next;
}
