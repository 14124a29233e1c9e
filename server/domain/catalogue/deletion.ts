/**
 * Safe deletion: a group, a server or a product goes only when nothing refers to it; otherwise the
 * refusal (409) names what does, so the admin knows what to move or delete first. A terminated service
 * is not deleted (its usage and invoices stay traceable) but can be retired from the customer's dashboard.
 */
import { ConflictError, NotFoundError } from '../../errors.js';
import type { DomainDeps } from '../deps.js';

const listed = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const servicesText = (r: { count: number; ids: number[] }) =>
  `${r.count} service${r.count === 1 ? '' : 's'} (${r.ids.map((id) => `#${id}`).join(', ')}${r.count > r.ids.length ? ', …' : ''})`;

/**
 * Deletes a server group without servers or products.
 * @throws NotFoundError; ConflictError (`in_use`) naming the servers and products in it
 */
export async function deleteServerGroup(deps: DomainDeps, id: number): Promise<void> {
  const { repos } = deps;
  const group = await repos.serverGroups.findById(id);
  if (!group) throw new NotFoundError('No such server group');
  const [servers, products] = await Promise.all([repos.servers.namesInGroup(id), repos.products.namesInGroup(id)]);
  const uses = [servers.length > 0 ? `server${servers.length === 1 ? '' : 's'} ${listed(servers)}` : '', products.length > 0 ? `product${products.length === 1 ? '' : 's'} ${listed(products)}` : ''].filter(Boolean);
  if (uses.length > 0) throw new ConflictError(`Server group "${group.name}" is used by ${uses.join(' and ')}: move or delete them first.`, 'in_use');
  await repos.serverGroups.remove(id);
}

/**
 * Deletes a server no service was ever placed on.
 * @throws NotFoundError; ConflictError (`in_use`) naming the services on it
 */
export async function deleteServer(deps: DomainDeps, id: number): Promise<void> {
  const server = await deps.repos.servers.findSummary(id);
  if (!server) throw new NotFoundError('No such server');
  const refs = await deps.repos.services.referencing('server_id', id);
  if (refs.count > 0) throw new ConflictError(`Server "${server.name}" holds ${servicesText(refs)}; their history keeps it. Disable the server instead to stop new placements.`, 'in_use');
  await deps.repos.servers.remove(id);
}

/**
 * Deletes a product without services, after its module has forgotten its own rows of it.
 * @throws NotFoundError; ConflictError (`in_use`) naming the services of it
 */
export async function deleteProduct(deps: DomainDeps, id: number): Promise<void> {
  const product = await deps.repos.products.findById(id);
  if (!product) throw new NotFoundError('No such product');
  const refs = await deps.repos.services.referencing('product_id', id);
  if (refs.count > 0) throw new ConflictError(`Product "${product.name}" has ${servicesText(refs)}; terminated services keep it for their usage and invoices.`, 'in_use');
  const billed = await deps.repos.plans.servicesWithProductInHistory(id);
  if (billed > 0) throw new ConflictError(`Product "${product.name}" is in the plan history of ${billed} service(s) that moved to another product; their invoices price those days with it.`, 'in_use');
  await deps.modules.provisioner(product.module)?.forgetProduct?.(product);
  await deps.repos.products.remove(id);
}

/**
 * Retires a terminated service: the customer's dashboard no longer lists it; the admin still finds it.
 * @throws NotFoundError; ConflictError unless the service is terminated
 */
export async function retireService(deps: DomainDeps, id: number): Promise<void> {
  const service = await deps.repos.services.findById(id);
  if (!service) throw new NotFoundError('No such service');
  if (service.status !== 'terminated') throw new ConflictError(`Only a terminated service can be retired; this one is ${service.status}.`, 'not_terminated');
  await deps.repos.services.retire(id);
}
