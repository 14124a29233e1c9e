/**
 * What a service's quota calls for, decided from its usage, its terms and what was stored: the state, the
 * mails (each once a month), and the steps that bring the panel from what it has to what the state asks.
 * Plain data in, plain data out: the same input always gives the same decision, so a second run over the
 * same usage changes nothing, and a step that failed is asked for again until it is done.
 */
import type { ServiceStatus } from '../../plugins/plugin-api.js';
import type { AppliedMeasure, QuotaEvent, QuotaRow, QuotaStateName } from '../../repositories/quota.repository.js';
import type { QuotaTerms } from './quota-limit.js';
import type { QuotaMeasure } from './quota-settings.js';

/** What a decision starts from. */
export interface QuotaInput {
  serviceId: number;
  /** the month, YYYY-MM in BILLING_TZ */
  period: string;
  terms: QuotaTerms | null;
  usedBytes: number;
  prior: QuotaRow | null;
  /** the billing status: a client disabled by a suspension is not enabled by a quota */
  status: ServiceStatus;
  at: string;
}

/** A mail the decision queues. */
export type QuotaMailKind = 'quota_warning' | 'quota_reached';

/** One step with what it leaves on the panel; `remote: false` changes only the record. */
export interface QuotaStep {
  measure: QuotaMeasure;
  leaves: { applied: AppliedMeasure; mbps: number | null };
  remote: boolean;
}

/** The decision: the row as it will be once every step is done, the steps, the mails and the history. */
export interface QuotaDecision {
  target: QuotaRow;
  steps: QuotaStep[];
  mails: QuotaMailKind[];
  events: QuotaEvent[];
}

/** The state for usage against terms; `none` without terms. */
export function quotaStateOf(terms: QuotaTerms | null, usedBytes: number): QuotaStateName | 'none' {
  if (!terms) return 'none';
  // exact: bytes × 100 may pass 2^53
  const used = BigInt(usedBytes);
  const limit = BigInt(terms.limitBytes);
  if (used >= limit) return 'limited';
  return used * 100n >= limit * BigInt(terms.policy.warnPercent) ? 'warned' : 'ok';
}

/** The steps from what the panel has to what the state wants. */
function stepsBetween(prior: { applied: AppliedMeasure; mbps: number | null }, wanted: { applied: AppliedMeasure; mbps: number | null }, status: ServiceStatus): QuotaStep[] {
  if (prior.applied === wanted.applied && prior.mbps === wanted.mbps) return [];
  const steps: QuotaStep[] = [];
  // a throttle only changes the caps, a suspension only the status: switching from one to the other lifts the first
  if (prior.applied !== 'none' && prior.applied !== wanted.applied) {
    // while billing keeps the client suspended, enabling it is billing's business, not the quota's
    const remote = !(prior.applied === 'suspend' && status === 'suspended');
    steps.push({ measure: { kind: 'restore', from: prior.applied }, leaves: { applied: 'none', mbps: null }, remote });
  }
  if (wanted.applied === 'throttle') steps.push({ measure: { kind: 'throttle', mbps: wanted.mbps ?? 1 }, leaves: wanted, remote: true });
  if (wanted.applied === 'suspend') steps.push({ measure: { kind: 'suspend' }, leaves: wanted, remote: true });
  return steps;
}

/**
 * Decides a service's quota.
 * @returns the target row (what is stored once every step succeeded), the steps, mails and history rows
 */
export function decideQuota(input: QuotaInput): QuotaDecision {
  const { prior, terms, period, usedBytes, at, serviceId } = input;
  const state = quotaStateOf(terms, usedBytes);
  const limitBytes = terms?.limitBytes ?? 0;
  const wanted = state === 'limited' && terms ? (terms.policy.action === 'throttle' ? { applied: 'throttle' as const, mbps: terms.policy.throttleMbps } : { applied: 'suspend' as const, mbps: null }) : { applied: 'none' as const, mbps: null };
  const steps = stepsBetween({ applied: prior?.applied ?? 'none', mbps: prior?.appliedMbps ?? null }, wanted, input.status);

  const mails: QuotaMailKind[] = [];
  const events: QuotaEvent[] = [];
  const event = (kind: QuotaEvent['kind'], detail: string | null) => events.push({ serviceId, period, kind, usedBytes, limitBytes, detail, at });
  let warnedPeriod = prior?.warnedPeriod ?? null;
  let reachedPeriod = prior?.reachedPeriod ?? null;
  if (state === 'limited' && reachedPeriod !== period) {
    mails.push('quota_reached');
    // past the threshold and the limit at once: the one mail says both
    reachedPeriod = warnedPeriod = period;
    event('limited', terms?.policy.action === 'suspend' ? 'suspended' : `throttled to ${terms?.policy.throttleMbps} Mbit/s`);
  } else if (state === 'limited' && prior?.state !== 'limited') {
    event('limited', 'limited again after a top-up ran out (no second mail this month)');
  } else if (state === 'warned' && warnedPeriod !== period) {
    mails.push('quota_warning');
    warnedPeriod = period;
    event('warned', `${terms?.policy.warnPercent} % of the allowance`);
  }

  const target: QuotaRow = {
    serviceId,
    period,
    state: state === 'none' ? 'ok' : state,
    usedBytes,
    limitBytes,
    warnedPeriod,
    reachedPeriod,
    applied: wanted.applied,
    appliedMbps: wanted.mbps,
    pendingError: null,
    updatedAt: at,
  };
  return { target, steps, mails, events };
}

/** Why a lifted limit was lifted, for the history. */
export function restoreReason(prior: QuotaRow | null, input: Pick<QuotaInput, 'period' | 'terms'>): string {
  if (!input.terms) return 'the service no longer has a quota';
  if (prior && prior.period !== input.period) return `a new month (${input.period})`;
  return 'the usage is below the limit (top-up)';
}

/** Whether a row holds anything worth keeping: otherwise it is deleted (no row = ok, nothing applied). */
export function worthKeeping(row: QuotaRow): boolean {
  return row.applied !== 'none' || row.pendingError !== null || row.state !== 'ok' || row.warnedPeriod === row.period || row.reachedPeriod === row.period;
}

/** Whether storing `next` over `prior` changes anything but the usage figure. */
export function rowChanged(prior: QuotaRow | null, next: QuotaRow | null): boolean {
  if (prior === null || next === null) return prior !== next;
  const keys: (keyof QuotaRow)[] = ['period', 'state', 'limitBytes', 'warnedPeriod', 'reachedPeriod', 'applied', 'appliedMbps', 'pendingError'];
  return keys.some((k) => prior[k] !== next[k]);
}
