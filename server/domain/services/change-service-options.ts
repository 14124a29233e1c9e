/**
 * Changes a service's options; on a provisioned service the module applies them at once (change
 * package), as an upgrade or downgrade of a configurable option does in the original.
 */
import { NotFoundError } from '../../errors.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import { runLifecycleAction, type LifecycleDeps } from './run-lifecycle-action.js';
import { assertModuleOptions } from './service-options.js';

/**
 * Sets (a value), resets (null) or keeps (absent) each option, then runs change-package when the
 * service is active or suspended. When that fails the options stay changed and the error is raised, so
 * a retry of change-package applies them.
 * @param patch valid values of the module's options (optionsPatchSchema)
 * @throws NotFoundError; ValidationError for an option the product's module does not declare; the lifecycle errors of change-package
 */
export async function changeServiceOptions(deps: LifecycleDeps, serviceId: number, patch: Record<string, unknown>): Promise<ServiceEntity> {
  const service = await deps.repos.services.findById(serviceId);
  if (!service) throw new NotFoundError('No such service');
  const product = await deps.repos.products.findById(service.productId);
  const module = product ? deps.modules.provisioner(product.module) : null;
  if (module) assertModuleOptions(module, patch);
  await deps.repos.services.setOptions(service.id, patch);
  if (service.status === 'active' || service.status === 'suspended') return runLifecycleAction(deps, service.id, 'change-package');
  return (await deps.repos.services.findById(service.id)) as ServiceEntity;
}
