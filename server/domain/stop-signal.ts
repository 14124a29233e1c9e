/**
 * A process's shutdown, as the work it runs sees it: whether a stop was asked for (a job body then
 * reaches its next safe point and ends, releasing its lease), and the runs still going, which the
 * shutdown waits for within its grace period. Built once per container.
 */

/** What long-running work consults and what the shutdown waits for. */
export interface StopSignal {
  /** true once a shutdown began */
  readonly requested: boolean;
  /** Begins the shutdown: work checking `requested` stops at its next safe point. */
  request(): void;
  /** Registers a run the shutdown must wait for; returns the same promise. */
  track<T>(run: Promise<T>): Promise<T>;
  /** Resolves when every tracked run has settled, or after `ms`; true when all settled in time. */
  settled(ms: number): Promise<boolean>;
}

/** A fresh signal, not requested. */
export function createStopSignal(): StopSignal {
  let requested = false;
  const runs = new Set<Promise<unknown>>();
  return {
    get requested() {
      return requested;
    },
    request() {
      requested = true;
    },
    track(run) {
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      runs.add(settled);
      void settled.then(() => runs.delete(settled));
      return run;
    },
    async settled(ms) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      });
      try {
        return await Promise.race([Promise.all([...runs]).then(() => true), late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
