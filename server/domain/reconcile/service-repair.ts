/**
 * A repair of one service outside the status transitions of the lifecycle: it claims the service the
 * way every lifecycle action does (one action per service at a time), runs its step with the service's
 * context (the module's own suspend/unsuspend/terminate calls for a status), writes the module-log row
 * and releases the claim.
 */
import { AppError, ConflictError, NotFoundError } from '../../errors.js';
import type { ServiceContext } from '../../plugins/plugin-api.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import type { DomainDeps } from '../deps.js';
import { buildServiceContext } from '../services/service-context.js';

/** A claim older than this belongs to a process that died mid-repair (as for lifecycle actions). */
const STALE_CLAIM_MS = 5 * 60 * 1000;

/**
 * Runs `step` on the service under its action claim.
 * @param action the module-log action, e.g. "reconcile-status"
 * @param step what the repair does; it returns what the module log keeps of it
 * @throws NotFoundError; ConflictError (409 action_in_progress) while another action runs; the step's errors (logged)
 */
export async function repairService(deps: DomainDeps, serviceId: number, action: string, step: (ctx: ServiceContext, service: ServiceEntity) => Promise<Record<string, unknown>>): Promise<void> {
  const { repos } = deps;
  const service = await repos.services.findById(serviceId);
  if (!service) throw new NotFoundError(`Service #${serviceId} no longer exists`);
  if (!(await repos.services.claimAction(service.id, action, STALE_CLAIM_MS))) {
    throw new ConflictError(`Another action is running on service #${service.id}; try again in a moment`, 'action_in_progress');
  }
  try {
    const current = (await repos.services.findById(service.id)) as ServiceEntity;
    const ctx = await buildServiceContext(deps, current, { actionStartedAt: performance.now() });
    const response = await step(ctx, current);
    await repos.moduleLog.write({ serviceId: service.id, action: `${action}:success`, response });
  } catch (err) {
    const message = err instanceof AppError ? err.message : 'Unexpected error while repairing the service';
    await repos.moduleLog.write({ serviceId: service.id, action: `${action}:failed`, error: message });
    throw err;
  } finally {
    await repos.services.releaseAction(service.id);
  }
}
