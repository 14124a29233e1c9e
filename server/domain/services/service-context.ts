/**
 * Builds the ServiceContext a provisioning module works with: the service, its product, client and
 * servers, a module-log writer bound to the service, and the host-side naming and intent hooks.
 */
import { NotFoundError } from '../../errors.js';
import type { ServiceContext } from '../../plugins/plugin-api.js';
import type { DomainDeps } from '../deps.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';

/**
 * Assembles the context for one service.
 * @throws NotFoundError when the product or client has vanished
 */
export async function buildServiceContext(deps: DomainDeps, service: ServiceEntity): Promise<ServiceContext> {
  const { repos } = deps;
  const [product, client] = await Promise.all([repos.products.findById(service.productId), repos.users.findById(service.clientId)]);
  if (!product) throw new NotFoundError(`The product of service #${service.id} does not exist`);
  if (!client) throw new NotFoundError(`The client of service #${service.id} does not exist`);
  const [server, groupServers] = await Promise.all([
    service.serverId === null ? Promise.resolve(null) : repos.servers.findRecord(service.serverId),
    repos.servers.enabledInGroup(product.serverGroupId),
  ]);
  return {
    service,
    product,
    client: { id: client.id, email: client.email, name: client.name },
    server,
    groupServers,
    now: deps.clock(),
    log: (entry) => repos.moduleLog.write({ ...entry, serviceId: service.id }),
    reserveUsername: (candidate) => repos.services.reserveUsername(service.id, candidate),
    recordIntent: (ref) => repos.services.update(service.id, { serverId: ref.serverId, username: ref.username, networkName: ref.networkName }),
  };
}
