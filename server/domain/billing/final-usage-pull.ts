/**
 * The last usage pull before a terminate deletes the VPN client (and with it the panel's traffic
 * history). Run as the lifecycle's beforeTerminate hook.
 *
 * When the pull fails, the failure is recorded (module log, pull status, and the service's last error
 * through the lifecycle) and the first terminate is refused, so the admin learns that usage since the
 * last daily pull would be lost. A second terminate of the same service goes ahead without it: a broken
 * traffic endpoint must not keep a customer's VPN alive forever, and the admin has been told. A client
 * the panel no longer knows (404) has no history left to pull, so its terminate is never held up.
 */
import { AppError } from '../../errors.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import { buildServiceContext } from '../services/service-context.js';
import type { BillingDeps } from './billing-deps.js';
import { dayInZone, monthsToPull } from './billing-calendar.js';
import { failureReason } from './collect-usage.js';
import { DayBatch } from './day-batch.js';
import { pullServiceDays } from './pull-service-days.js';
import { usageSources } from './usage-sources.js';

/** Module-log actions of the final pull; the failed one is also how a retried terminate is recognised. */
export const FINAL_PULL_ACTIONS = { ok: 'usage-final-pull', failed: 'usage-final-pull:failed', waived: 'usage-final-pull:waived' } as const;

/**
 * Pulls and stores the service's usage up to today, when its product bills usage.
 * @param actionStartedAt the terminate's start (performance.now()), so the pull uses the action's time budget
 * @throws AppError (code final_usage_pull_failed, the panel error's 502/504) on the first failure
 */
export async function finalUsagePull(deps: BillingDeps, service: ServiceEntity, actionStartedAt?: number): Promise<void> {
  if (!service.username || service.serverId === null) return;
  const metered = await usageSources(deps).metered(service.productId);
  if (!metered) return;
  const { repos } = deps;
  const date = dayInZone(deps.clock(), deps.settings.timeZone);
  const months = monthsToPull(date, deps.settings.graceDays);
  const at = deps.clock().toISOString();
  try {
    const days = await pullServiceDays(metered.meter, await buildServiceContext(deps, service, { actionStartedAt }), months, date);
    const rows = new DayBatch();
    rows.add(service.id, service.serverId, days);
    await deps.usage.store(rows, [{ serviceId: service.id, serverId: service.serverId, error: null }], at);
    await repos.moduleLog.write({ serviceId: service.id, action: FINAL_PULL_ACTIONS.ok, response: { date, days: days.length } });
  } catch (err) {
    const reason = failureReason(err);
    if (err instanceof AppError && err.status === 404) {
      // the client is already gone from the panel, and its traffic history with it: nothing left to pull
      await repos.moduleLog.write({ serviceId: service.id, action: FINAL_PULL_ACTIONS.waived, error: `no final usage pull: ${reason}` });
      return;
    }
    const failedBefore = (await repos.moduleLog.forService(service.id)).some((r) => r.action === FINAL_PULL_ACTIONS.failed);
    await repos.moduleLog.write({ serviceId: service.id, action: FINAL_PULL_ACTIONS.failed, error: reason });
    await deps.usage.store(new DayBatch(), [{ serviceId: service.id, serverId: service.serverId, error: reason }], at);
    if (failedBefore) {
      await repos.moduleLog.write({ serviceId: service.id, action: FINAL_PULL_ACTIONS.waived, error: 'terminated without the final usage pull; usage after the last successful pull is not billed' });
      deps.log.warn({ serviceId: service.id, reason }, 'terminating without the final usage pull (second attempt)');
      return;
    }
    const status = err instanceof AppError && err.status >= 500 ? err.status : 502;
    throw new AppError(status, 'final_usage_pull_failed', `The last usage pull before termination failed: ${reason} Nothing was terminated. Terminate again to go ahead without it; the usage collected so far is kept.`, { cause: err });
  }
}
