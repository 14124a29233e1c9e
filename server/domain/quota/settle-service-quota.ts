/**
 * Carries out one service's quota decision: the panel steps through the module (each within the action
 * budget), then, in one transaction, the state, the history and the mails. A step that fails leaves the
 * state saying what is still to do (pending_error), and the next run asks for the same step again; the
 * billing status of the service is never touched.
 */
import { ConflictError } from '../../errors.js';
import type { ProvisioningModule, ServiceContext } from '../../plugins/plugin-api.js';
import type { QuotaEvent, QuotaRow, QuotaStateName } from '../../repositories/quota.repository.js';
import { failureReason } from '../billing/collect-usage.js';
import type { DomainDeps } from '../deps.js';
import { queueMail, type MailToQueue } from '../mail/queue-mail.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { STALE_CLAIM_MS } from '../services/run-lifecycle-action.js';
import { decideQuota, restoreReason, rowChanged, worthKeeping, type QuotaMailKind, type QuotaStep } from './quota-decision.js';
import type { QuotaTerms } from './quota-limit.js';
import { quotaMailData } from './quota-mail.js';

/** One service as its quota is settled. */
export interface QuotaSubject {
  ctx: ServiceContext;
  module: ProvisioningModule | null;
  terms: QuotaTerms | null;
  usedBytes: number;
  prior: QuotaRow | null;
  period: string;
}

/** What one service's settling writes: its state (null = no row), history and mails, committed together. */
export interface QuotaWrite {
  serviceId: number;
  row: QuotaRow | null;
  events: QuotaEvent[];
  mails: MailToQueue<QuotaMailKind>[];
}

/** Takes a write; resolves once it is accepted (a batching sink may write it later). */
export type QuotaSink = (write: QuotaWrite) => Promise<void>;

/** Writes changes in one transaction: the states, the history and the mails commit together or not at all. */
export async function writeQuotaChanges(deps: DomainDeps, writes: readonly QuotaWrite[]): Promise<void> {
  await deps.inTransaction(async (tx) => {
    await tx.repos.quotas.saveMany(writes, writes.flatMap((w) => w.events));
    for (const w of writes) {
      for (const mail of w.mails) {
        await queueMail(tx, mail);
        await emitEvent(tx, QUOTA_EVENTS[mail.kind], quotaEventData(w, mail));
      }
    }
  });
}

/** The webhook event told with each quota mail: a warning or a reached limit, once a month each. */
const QUOTA_EVENTS = { quota_warning: 'quota.warning', quota_reached: 'quota.reached' } as const;

/** A quota event's data: the service, the month and its figures in bytes (the history row of that step). */
function quotaEventData(w: QuotaWrite, mail: MailToQueue<QuotaMailKind>): Record<string, unknown> {
  const step = w.events.find((e) => e.kind === (mail.kind === 'quota_warning' ? 'warned' : 'limited'));
  return {
    service_id: w.serviceId,
    client_id: mail.userId,
    period: step?.period ?? null,
    used_bytes: step?.usedBytes ?? null,
    limit_bytes: step?.limitBytes ?? null,
    action: mail.kind === 'quota_reached' ? mail.data.action : null,
  };
}

/** What settling did. */
export interface QuotaOutcome {
  state: QuotaStateName | 'none';
  mails: QuotaMailKind[];
  /** panel steps done this time */
  steps: number;
  restored: boolean;
  /** the step still to do failed with this */
  pendingError: string | null;
  /** something was written */
  changed: boolean;
}

/**
 * Settles one service's quota.
 * @param sink where the change goes: written at once by default, a run batches them (quota-writer.ts)
 * @returns what changed; a failing panel is an outcome (pendingError), never a throw
 * @throws only when the database write fails
 */
export async function settleServiceQuota(deps: DomainDeps, s: QuotaSubject, sink: QuotaSink = (write) => writeQuotaChanges(deps, [write])): Promise<QuotaOutcome> {
  const { ctx, prior, terms, period } = s;
  // a replay of an earlier day never undoes what a later month decided
  if (prior && prior.period > period) return { state: terms ? prior.state : 'none', mails: [], steps: 0, restored: false, pendingError: prior.pendingError, changed: false };
  const at = deps.clock().toISOString();
  const decision = decideQuota({ serviceId: ctx.service.id, period, terms, usedBytes: s.usedBytes, prior, status: ctx.service.status, at });
  const events: QuotaEvent[] = [...decision.events];
  const run = await runSteps(deps, s, decision.steps);
  for (const step of run.restores) {
    const kept = step.remote ? '' : '; the client stays disabled while the service is suspended';
    events.push({ serviceId: ctx.service.id, period, kind: 'restored', usedBytes: s.usedBytes, limitBytes: terms?.limitBytes ?? 0, detail: `${restoreReason(prior, { period, terms })}${kept}`, at });
  }
  const { applied, pendingError } = run;
  // one history row when a step starts failing, not one per run while the panel stays down
  if (pendingError !== null && !prior?.pendingError) {
    events.push({ serviceId: ctx.service.id, period, kind: 'failed', usedBytes: s.usedBytes, limitBytes: terms?.limitBytes ?? 0, detail: `${run.failed ?? 'step'} pending: ${pendingError}`.slice(0, 500), at });
  }
  const row: QuotaRow = { ...decision.target, applied: applied.applied, appliedMbps: applied.mbps, pendingError };
  const stored = worthKeeping(row) ? row : null;
  const state = terms ? row.state : 'none';
  const changed = rowChanged(prior, stored) || decision.mails.length > 0 || events.length > 0;
  if (changed) {
    const mails = decision.mails.map((kind) => ({ kind, to: ctx.client.email, userId: ctx.client.id, serviceId: ctx.service.id, data: quotaMailData(ctx, terms as QuotaTerms, s.usedBytes, period) }));
    await sink({ serviceId: ctx.service.id, row: stored, events, mails });
  }
  return { state, mails: decision.mails, steps: run.done, restored: run.restores.length > 0, pendingError, changed };
}

/**
 * Takes the steps in order until one fails, holding the service's action claim while the panel is
 * called, so a quota step and a lifecycle action never run on one client at once.
 */
async function runSteps(deps: DomainDeps, s: QuotaSubject, steps: readonly QuotaStep[]) {
  const { ctx } = s;
  let applied = { applied: s.prior?.applied ?? 'none', mbps: s.prior?.appliedMbps ?? null };
  const restores: QuotaStep[] = [];
  let done = 0;
  const remote = steps.some((step) => step.remote);
  if (remote && !(await deps.repos.services.claimAction(ctx.service.id, 'quota', STALE_CLAIM_MS))) {
    return { applied, restores, done, pendingError: 'another action was running on the service; the next run retries', failed: steps[0].measure.kind };
  }
  try {
    for (const step of steps) {
      if (step.remote) {
        try {
          if (!s.module?.enforceQuota) throw new ConflictError(`The module of service #${ctx.service.id} cannot apply a traffic quota`, 'quota_unsupported');
          // each step gets the action budget of its own, counted from now
          await s.module.enforceQuota({ ...ctx, actionStartedAt: performance.now() }, step.measure);
          done++;
        } catch (err) {
          return { applied, restores, done, pendingError: failureReason(err), failed: step.measure.kind };
        }
      }
      applied = step.leaves;
      if (step.measure.kind === 'restore') restores.push(step);
    }
    return { applied, restores, done, pendingError: null, failed: null };
  } finally {
    if (remote) await deps.repos.services.releaseAction(ctx.service.id);
  }
}
