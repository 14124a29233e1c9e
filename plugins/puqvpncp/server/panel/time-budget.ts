/**
 * The one time budget of a user-facing action (an admin action, an API call, a page): every panel call
 * the action makes, their retries and back-offs included, fits in it. The panel transport caps each
 * attempt at what is left and retries only when another attempt still fits; `race` bounds work made of
 * several calls and aborts what is still running when the time is up, so nothing is left behind.
 */
import { setMaxListeners } from 'node:events';

// every call in flight listens for the abort: a product page asks tens of panels within one budget
const MAX_CALLS_LISTENING = 1000;

/** Default budget of an admin action or API call that reaches panels (create, Test Connection…). */
export const DEFAULT_ACTION_BUDGET_MS = 15_000;
/** Default budget of a page (or a page's JSON endpoint) that reads panels. */
export const DEFAULT_PAGE_BUDGET_MS = 3_000;

/** The budgets the plugin applies, from the installation's settings. */
export interface Budgets {
  actionMs: number;
  pageMs: number;
}

/** A deadline measured on the monotonic clock, with an abort signal for what runs inside it. */
export class TimeBudget {
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    /** the whole budget, for messages */
    readonly totalMs: number,
    private readonly endsAt: number,
    private readonly parent?: TimeBudget,
  ) {}

  /**
   * A budget of `totalMs` starting now, or at `startedAt` (a performance.now() reading taken when the
   * action began, e.g. by the host before work that shares the action's time).
   */
  static start(totalMs: number, startedAt: number = performance.now()): TimeBudget {
    return new TimeBudget(totalMs, startedAt + totalMs);
  }

  /**
   * A budget inside this one that ends `reserveMs` earlier, so what follows a call (a lookup, a
   * rollback) still has time; aborting this one aborts it too.
   */
  leaving(reserveMs: number): TimeBudget {
    return new TimeBudget(this.totalMs, this.endsAt - reserveMs, this);
  }

  /** Milliseconds left; 0 once used up. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  /** Milliseconds since the budget started. */
  elapsedMs(): number {
    return this.totalMs - (this.endsAt - performance.now());
  }

  /** Whether the time is up (or the budget was aborted). */
  expired(): boolean {
    return this.remainingMs() <= 0 || this.controller?.signal.aborted === true || (this.parent?.expired() ?? false);
  }

  /** Whether `ms` more still fit. */
  fits(ms: number): boolean {
    return this.remainingMs() >= ms;
  }

  /**
   * Aborted when the budget runs out; calls in flight listen to it and abort their request. Created on
   * first use, so a budget nobody listens to costs no timer.
   */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      setMaxListeners(MAX_CALLS_LISTENING, this.controller.signal);
      const left = this.remainingMs();
      if (left <= 0) this.controller.abort();
      else this.timer = setTimeout(() => this.controller?.abort(), left).unref();
    }
    if (!this.parent) return this.controller.signal;
    const either = AbortSignal.any([this.controller.signal, this.parent.signal]);
    setMaxListeners(MAX_CALLS_LISTENING, either);
    return either;
  }

  /** Aborts what runs inside the budget now, e.g. once the action has its answer. */
  abort(): void {
    clearTimeout(this.timer);
    if (!this.controller) this.controller = new AbortController();
    this.controller.abort();
  }

  /**
   * Settles with `work`, or rejects with `onTimeout()` when the budget runs out first; then the signal
   * aborts the calls `work` still has in flight, so none is left running.
   * @param work the calls, already started, or a function starting them
   * @param onTimeout the error of a late answer, built when the time is up
   * @returns what `work` resolved to
   */
  race<T>(work: Promise<T> | (() => Promise<T>), onTimeout: (budget: TimeBudget) => Error): Promise<T> {
    const promise = typeof work === 'function' ? work() : work;
    // the loser's own rejection is expected and already accounted for by the timeout
    promise.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(onTimeout(this));
        this.abort();
      }, this.remainingMs());
    });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
  }
}

/**
 * A duration as an admin reads it.
 * @returns e.g. "15 s", "2.5 s", "300 ms"
 */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 100) / 10;
  return `${Number.isInteger(s) ? s.toFixed(0) : s.toFixed(1)} s`;
}
