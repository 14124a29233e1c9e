/**
 * Changes a service's speed options; on a provisioned service the new caps are pushed to the panel
 * at once (change package), as an upgrade or downgrade of the speed preset does in the original.
 */
import { NotFoundError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';
import { runLifecycleAction, type LifecycleHooks } from './run-lifecycle-action.js';

/**
 * Sets (number), resets (null) or keeps (absent) each option, then re-pushes the bandwidth when the
 * service is active or suspended. When the push fails the options stay changed and the error is raised,
 * so a retry of change-package applies them.
 * @throws NotFoundError; the lifecycle errors of change-package
 */
export async function changeServiceOptions(deps: DomainDeps & { hooks?: LifecycleHooks }, serviceId: number, input: { b_download?: number | null; b_upload?: number | null }): Promise<ServiceEntity> {
  const service = await deps.repos.services.findById(serviceId);
  if (!service) throw new NotFoundError('No such service');
  await deps.repos.services.setOptions(service.id, { download: input.b_download, upload: input.b_upload });
  if (service.status === 'active' || service.status === 'suspended') return runLifecycleAction(deps, service.id, 'change-package');
  return (await deps.repos.services.findById(service.id)) as ServiceEntity;
}
