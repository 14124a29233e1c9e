/**
 * "Create and provision": the pending service is stored first (so nothing is lost when the panel fails),
 * then the lifecycle's create runs on it at once. The outcome says which of the two steps got where.
 */
import { AppError } from '../../errors.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import { createPendingService, type PendingServiceInput } from './create-pending-service.js';
import { runLifecycleAction, type LifecycleDeps } from './run-lifecycle-action.js';

export interface ProvisionOutcome {
  service: ServiceEntity;
  /** null when create was not run (the product does not provision automatically) */
  provisioning: { ok: true } | { ok: false; error: string; code: string; status: number } | null;
}

/**
 * Stores the pending service and, when `provision` (or the product's "provision new services
 * automatically" where `provision` is "product"), runs create on it.
 * @throws ValidationError when the service itself cannot be created (nothing stored)
 */
export async function createAndProvision(deps: LifecycleDeps, input: PendingServiceInput, provision: boolean | 'product'): Promise<ProvisionOutcome> {
  const pending = await createPendingService(deps, input);
  const run = provision === 'product' ? await deps.repos.products.autoProvision(pending.productId) : provision;
  if (!run) return { service: pending, provisioning: null };
  try {
    return { service: await runLifecycleAction(deps, pending.id, 'create'), provisioning: { ok: true } };
  } catch (err) {
    if (!(err instanceof AppError) || err.status === 404) throw err;
    const service = (await deps.repos.services.findById(pending.id)) ?? pending;
    return { service, provisioning: { ok: false, error: err.message, code: err.code, status: err.status } };
  }
}
