/**
 * Runs one lifecycle action on a service through its provisioning module, one action per service at
 * a time, and records the outcome: new status and remote reference on success, the reason on failure.
 */
import { AppError, ConflictError, NotFoundError, ProvisioningRefusedError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import type { RemoteRef, ServiceTier } from '../../plugins/plugin-api.js';
import type { TransactionDeps } from '../deps.js';
import { dayInZone } from '../billing/billing-calendar.js';
import { queueMail } from '../mail/queue-mail.js';
import { LIFECYCLE_RULES, transitionProblem, type LifecycleAction } from './lifecycle-rules.js';
import { buildServiceContext } from './service-context.js';
import { lifecycleMail, type LifecycleOptions } from './lifecycle-mail.js';
import { emitEvent } from '../webhooks/emit-event.js';
import { serviceEventData } from '../webhooks/event-data.js';
import type { WebhookEventType } from '../webhooks/webhook-events.js';

/** A claim older than this belongs to a process that died mid-action. */
export const STALE_CLAIM_MS = 5 * 60 * 1000;

/** The webhook event a successful action emits. */
const EVENTS: Record<LifecycleAction, WebhookEventType> = {
  create: 'service.created',
  suspend: 'service.suspended',
  unsuspend: 'service.unsuspended',
  terminate: 'service.terminated',
  'change-package': 'service.package_changed',
};

/** Work other capabilities do around the lifecycle; every hook is required, so no caller can leave one out. */
export interface LifecycleHooks {
  /**
   * the last usage pull before the remote account (and its traffic history) is deleted; `actionStartedAt`
   * is the action's start (performance.now()), so the hook's remote calls share the action's time budget
   */
  beforeTerminate: (service: ServiceEntity, actionStartedAt: number) => Promise<void>;
}

/** What a lifecycle action needs: the domain deps and the hooks, built once by the composition root. */
export interface LifecycleDeps extends DomainDeps {
  hooks: LifecycleHooks;
  /** BILLING_TZ: the day a plan starts or changes is a billing day */
  timeZone: string;
}

/** What a plan change (tier, product) adds to a change-package: the module sees the new plan first. */
export interface PlanChange {
  /** the tier handed to the module instead of the stored one */
  tier?: ServiceTier | null;
  /** the product whose settings the module applies instead of the stored one */
  productId?: number;
  /** stores the change, in the transaction of the new status, only once the module succeeded */
  commit: (tx: TransactionDeps, today: string) => Promise<void>;
}

/**
 * Runs `action` on the service. Its new status and the mail it causes (the welcome email after a create
 * when the product sends it, a notice after suspend, unsuspend and terminate) commit in one transaction.
 * @param options the reason the customer may read in the notice, and whether to mail them at all
 * @returns the service as stored afterwards
 * @throws NotFoundError; ConflictError (409) for an invalid transition or a concurrent action; the
 *   module's AppError (e.g. 502/504 for a panel failure) after recording it as the service's last error
 */
export async function runLifecycleAction(deps: LifecycleDeps, serviceId: number, action: LifecycleAction, options: LifecycleOptions = {}, change?: PlanChange): Promise<ServiceEntity> {
  const { repos } = deps;
  // one time budget per action: the module counts it from here, across the hook's calls too
  const actionStartedAt = performance.now();
  const service = await repos.services.findById(serviceId);
  if (!service) throw new NotFoundError('No such service');
  const problem = transitionProblem(action, service.status);
  if (problem) throw new ConflictError(problem, 'invalid_transition');
  if (!(await repos.services.claimAction(service.id, action, STALE_CLAIM_MS))) {
    throw new ConflictError(`Another action is running on service #${service.id}; try again in a moment`, 'action_in_progress');
  }
  // only a refusal by the module or the panel is the service's last error; a state conflict found
  // after the claim leaves the service as it was
  let reachedModule = false;
  try {
    const product = await repos.products.findById(change?.productId ?? service.productId);
    const module = product ? deps.modules.provisioner(product.module) : null;
    if (!product || !module) throw new ConflictError(`Service #${service.id} has no provisioning module`, 'no_module');
    // re-read after the claim: a concurrent action may have changed it between the check and the claim
    const current = (await repos.services.findById(service.id)) as ServiceEntity;
    const again = transitionProblem(action, current.status);
    if (again) throw new ConflictError(again, 'invalid_transition');
    reachedModule = true;
    await module.assertProvisioningAllowed?.(product, deps.clock());
    if (action === 'terminate') await deps.hooks.beforeTerminate(current, actionStartedAt);
    const ctx = await buildServiceContext(deps, current, { actionStartedAt, product, tier: change?.tier });
    const rule = LIFECYCLE_RULES[action];
    let ref: RemoteRef | null = null;
    switch (action) {
      case 'create':
        ref = await module.create(ctx);
        break;
      case 'change-package':
        ref = await module.changePackage(ctx);
        break;
      case 'suspend':
        await module.suspend(ctx);
        break;
      case 'unsuspend':
        await module.unsuspend(ctx);
        break;
      case 'terminate':
        await module.terminate(ctx);
        break;
    }
    const suspendReason = action === 'suspend' ? (options.suspendReason ?? 'admin') : action === 'unsuspend' ? null : undefined;
    const patch = ref
      ? { status: rule.to ?? undefined, serverId: ref.serverId, username: ref.username, networkName: ref.networkName, dedicatedIp: ref.dedicatedIp, password: ref.password ?? undefined, lastError: null }
      : { status: rule.to ?? undefined, lastError: null, terminatedAt: action === 'terminate' ? deps.clock().toISOString() : undefined, suspendReason };
    const today = dayInZone(deps.clock(), deps.timeZone);
    // a service's plan history starts the day it is provisioned: billing prorates from there
    const commit = action === 'create' ? (tx: TransactionDeps) => tx.repos.plans.recordPeriod({ serviceId: service.id, fromDay: today, productId: current.productId, tierCode: current.tierCode }, 'system') : change?.commit;
    const mail = lifecycleMail(action, { ...ctx, service: { ...ctx.service, username: ref?.username ?? ctx.service.username } }, module, options);
    // the new status, its plan change, its mail and its webhook event commit together
    await deps.inTransaction(async (tx) => {
      await tx.repos.services.update(service.id, patch);
      await commit?.(tx, today);
      if (mail) await queueMail(tx, mail);
      await emitEvent(tx, EVENTS[action], async () => serviceEventData((await tx.repos.services.findById(service.id)) as ServiceEntity));
    });
    // the panel now has the normal caps (change package) or an enabled client (unsuspend): a quota limit
    // that was in force is not any more, and the next quota run puts it back if the month still calls for it
    if (action === 'change-package' || action === 'unsuspend') await repos.quotas.forgetApplied(service.id, action === 'change-package' ? 'throttle' : 'suspend');
    await repos.moduleLog.write({ serviceId: service.id, action: `${action}:success`, response: { status: rule.to ?? current.status } });
    return (await repos.services.findById(service.id)) as ServiceEntity;
  } catch (err) {
    if (!reachedModule) throw err;
    const message = err instanceof AppError ? err.message : 'Unexpected error while talking to the panel';
    // a refusal comes before any remote call: the service stays as it was, with the reason
    const failed = action === 'create' && !(err instanceof ProvisioningRefusedError);
    const patch = { lastError: `${action}: ${message}`, status: failed ? ('failed' as const) : undefined };
    // a failed service and its event commit together; a plain last error needs one statement
    if (failed) {
      await deps.inTransaction(async (tx) => {
        await tx.repos.services.update(service.id, patch);
        await emitEvent(tx, 'service.failed', async () => serviceEventData((await tx.repos.services.findById(service.id)) as ServiceEntity));
      });
    } else {
      await repos.services.update(service.id, patch);
    }
    await repos.moduleLog.write({ serviceId: service.id, action: `${action}:failed`, error: message });
    throw err;
  } finally {
    await repos.services.releaseAction(service.id);
  }
}
