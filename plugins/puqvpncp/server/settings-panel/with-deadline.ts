/**
 * A wall-clock bound on a panel call: the panel client times out each attempt and retries GETs, so one
 * silent panel could hold a page for several timeouts; the page waits for it at most once.
 */

/**
 * Settles with the promise, or rejects with `onTimeout()` after `ms`, whichever comes first. The late
 * promise keeps running (its own timeouts end it) but nobody waits for it any more.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  // the late loser's rejection is expected and already accounted for by the deadline
  promise.catch(() => undefined);
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
