/**
 * The fake panel's fault book: what goes wrong, on which route, how many more times.
 */
import type { FakeRouteKey } from './fake-route-key.js';

/** The kinds of trouble a fake panel can be told to cause. */
export type FaultKind = 'slow' | 'hang' | 'status' | 'malformed' | 'notOk' | 'drop' | 'afterApply' | 'flood';

/** What an 'afterApply' fault does once the request has been applied. */
export type AfterApply = { status: number } | 'hang' | 'garbage' | 'malformed';

/** One injected fault; `remaining` counts down to removal (Infinity = until cleared). */
export interface Fault {
  route: FakeRouteKey;
  kind: FaultKind;
  remaining: number;
  ms?: number;
  code?: number;
  result?: string;
  /** the error envelope's message and field reasons of a 'status' fault */
  message?: string;
  errors?: Record<string, string>;
  after?: AfterApply;
  /** a 'flood' answer: this many traffic rows, or a body of this many bytes */
  rows?: number;
  bytes?: number;
}

/** Injected faults, matched by route key or '*'. */
export class FaultBook {
  private faults: Fault[] = [];

  /** Adds a fault; a `times` of 0 or less adds nothing. */
  add(fault: Omit<Fault, 'remaining'>, times = Infinity): void {
    if (times > 0) this.faults.push({ ...fault, remaining: times });
  }

  /**
   * Consumes one use of the first matching fault of a kind.
   * @param routeKey the matched route key, or "METHOD /path" when no route matched
   * @param kind the fault kind asked about
   * @returns the fault, or undefined when none applies
   */
  take(routeKey: string, kind: FaultKind): Fault | undefined {
    const fault = this.faults.find((f) => f.kind === kind && (f.route === '*' || f.route === routeKey));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = [];
  }
}
