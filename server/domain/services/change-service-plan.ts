/**
 * Changing what a service is sold as: its speed tier (by an admin, or by the customer when the product
 * allows it) or its product (by an admin, within the same module). On a provisioned service the module is
 * handed the new plan first (change package, so the new caps reach the panel at once) and the change is
 * stored only when that succeeded: a refusal changes nothing. The change applies for billing from the day
 * it is made (the plan history), and the module log records who changed what.
 */
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { ServiceTier } from '../../plugins/plugin-api.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import type { SpeedTier } from '../../repositories/plans.repository.js';
import type { TransactionDeps } from '../deps.js';
import { runLifecycleAction, type LifecycleDeps } from './run-lifecycle-action.js';

/** Who asks for the change: an admin (by name) or the customer who owns the service. */
export type PlanActor = { kind: 'admin'; name: string } | { kind: 'client'; clientId: number };

const caps = (t: SpeedTier | null): ServiceTier | null => (t ? { code: t.code, name: t.name, downloadMbps: t.downloadMbps, uploadMbps: t.uploadMbps } : null);
const actorName = (a: PlanActor) => (a.kind === 'admin' ? `admin:${a.name}` : `client:${a.clientId}`);

async function findService(deps: LifecycleDeps, serviceId: number, actor: PlanActor): Promise<ServiceEntity> {
  const service = actor.kind === 'client' ? await deps.repos.services.findForClient(serviceId, actor.clientId) : await deps.repos.services.findById(serviceId);
  if (!service) throw new NotFoundError('No such service');
  if (service.status === 'terminated') throw new ConflictError(`Service #${service.id} is terminated`, 'invalid_transition');
  return service;
}

/** Stores a plan on a service not provisioned yet, or after its module applied it. */
async function storePlan(tx: TransactionDeps, service: ServiceEntity, plan: { productId: number; tierCode: string | null }, actor: PlanActor, today: string | null): Promise<void> {
  await tx.repos.services.update(service.id, { productId: plan.productId, tierCode: plan.tierCode });
  if (today !== null) await tx.repos.plans.recordPeriod({ serviceId: service.id, fromDay: today, productId: plan.productId, tierCode: plan.tierCode }, actorName(actor));
  await tx.repos.moduleLog.write({
    serviceId: service.id,
    action: 'plan-change',
    request: { by: actorName(actor), from: { product_id: service.productId, tier: service.tierCode }, to: { product_id: plan.productId, tier: plan.tierCode } },
  });
}

/** Applies a plan: through change-package when the service exists remotely, else stored as it is. */
async function applyPlan(deps: LifecycleDeps, service: ServiceEntity, plan: { productId: number; tier: SpeedTier | null }, actor: PlanActor): Promise<ServiceEntity> {
  const next = { productId: plan.productId, tierCode: plan.tier?.code ?? null };
  if (service.status === 'active' || service.status === 'suspended') {
    return runLifecycleAction(deps, service.id, 'change-package', {}, {
      tier: caps(plan.tier),
      productId: plan.productId,
      commit: (tx, today) => storePlan(tx, service, next, actor, today),
    });
  }
  // pending or failed: nothing remote to change, and nothing billed until it is provisioned
  await deps.inTransaction((tx) => storePlan(tx, service, next, actor, null));
  return (await deps.repos.services.findById(service.id)) as ServiceEntity;
}

/**
 * Gives a service another tier of its product, or none (admins only: back to the product's caps).
 * @throws NotFoundError (also for another customer's service); ForbiddenError when customers may not
 *   change this product's tiers; ValidationError (field `tier`); the lifecycle errors of change-package
 */
export async function changeServiceTier(deps: LifecycleDeps, serviceId: number, code: string | null, actor: PlanActor): Promise<ServiceEntity> {
  const service = await findService(deps, serviceId, actor);
  if (actor.kind === 'client') {
    const pricing = await deps.repos.plans.pricing(service.productId);
    if (!pricing?.customerCanChange) throw new ForbiddenError('The speed tier of this service can only be changed by support', 'tier_locked');
    if (code === null) throw new ValidationError({ tier: 'choose one of the tiers' });
  }
  const tier = code === null ? null : await deps.repos.plans.tier(service.productId, code);
  if (code !== null && (!tier || tier.retired)) throw new ValidationError({ tier: `"${code}" is not a tier of this product` });
  if ((tier?.code ?? null) === service.tierCode) return service;
  return applyPlan(deps, service, { productId: service.productId, tier }, actor);
}

/**
 * Moves a service to another product of the same module; its tier is kept when the new product has a
 * tier of the same code, else the service has none.
 * @throws NotFoundError; ValidationError (field `product_id`); the lifecycle errors of change-package
 */
export async function changeServiceProduct(deps: LifecycleDeps, serviceId: number, productId: number, actor: Extract<PlanActor, { kind: 'admin' }>): Promise<ServiceEntity> {
  const service = await findService(deps, serviceId, actor);
  if (productId === service.productId) return service;
  const [from, to] = await Promise.all([deps.repos.products.findById(service.productId), deps.repos.products.findById(productId)]);
  if (!to) throw new ValidationError({ product_id: 'no such product' });
  if (from && from.module !== to.module) throw new ValidationError({ product_id: `uses module ${to.module}, the service's product uses ${from.module}` });
  const kept = service.tierCode === null ? null : await deps.repos.plans.tier(productId, service.tierCode);
  return applyPlan(deps, service, { productId, tier: kept && !kept.retired ? kept : null }, actor);
}
