/**
 * A top-up: extra GB for this month of one service, recorded with its history row, then the service's
 * quota settled at once against its stored usage, so a limit the new allowance covers is lifted now
 * (or, if the panel fails, left pending for the next run).
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { BillingDeps } from '../billing/billing-deps.js';
import { buildServiceContext } from '../services/service-context.js';
import { countedBytes, resolveQuotaTerms, serviceQuotaPolicy, tierMonthlyGbOf, tiersOfServices } from './quota-limit.js';
import { currentPeriod, quotaSummary, type QuotaSummary } from './quota-summary.js';
import { MAX_MONTHLY_GB } from './quota-settings.js';
import { settleServiceQuota, type QuotaOutcome } from './settle-service-quota.js';

/**
 * Adds GB to this month's allowance of a service.
 * @returns the quota afterwards and what settling did
 * @throws ValidationError (field `gb`); NotFoundError; ConflictError when the service has no quota or has ended
 */
export async function topUpQuota(deps: BillingDeps, serviceId: number, gb: unknown): Promise<{ quota: QuotaSummary; outcome: QuotaOutcome }> {
  if (typeof gb !== 'number' || !Number.isInteger(gb) || gb < 1 || gb > MAX_MONTHLY_GB) throw new ValidationError({ gb: `must be a whole number of GB from 1 to ${MAX_MONTHLY_GB}` });
  const service = await deps.repos.services.findById(serviceId);
  if (!service) throw new NotFoundError('No such service');
  if (service.status === 'terminated' || service.status === 'failed') throw new ConflictError(`Service #${service.id} is ${service.status}: it has no traffic to top up`, 'service_ended');
  const product = await deps.repos.products.findById(service.productId);
  const tierGb = tierMonthlyGbOf(await tiersOfServices(deps.repos, [service]), service);
  const policy = product ? serviceQuotaPolicy(deps.modules, product, tierGb) : null;
  const period = currentPeriod(deps);
  const before = await deps.repos.quotas.topUpGb([service.id], period);
  const terms = resolveQuotaTerms(policy, (before.get(service.id) ?? 0) + gb, tierGb);
  if (!product || !terms) throw new ConflictError(`Service #${service.id} has no traffic quota to top up`, 'no_quota');

  const at = deps.clock().toISOString();
  const usedBytes = countedBytes(terms.policy, await deps.usage.daysOf(service.id, period));
  await deps.inTransaction(async (tx) => {
    await tx.repos.quotas.addTopUp(service.id, period, gb, at);
    await tx.repos.quotas.addEvents([{ serviceId: service.id, period, kind: 'top_up', usedBytes, limitBytes: terms.limitBytes, detail: `+${gb} GB for ${period}`, at }]);
  });
  const ctx = await buildServiceContext(deps, service, { product });
  const prior = await deps.repos.quotas.stateOf(service.id);
  const outcome = await settleServiceQuota(deps, { ctx, module: deps.modules.provisioner(product.module), terms, usedBytes, prior, period });
  return { quota: await quotaSummary(deps, service), outcome };
}
