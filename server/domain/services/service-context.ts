/**
 * Builds the ServiceContext a provisioning module works with: the service, its product, client and
 * servers, a module-log writer bound to the service, and the host-side naming and intent hooks.
 */
import { NotFoundError } from '../../errors.js';
import type { ClientRecord, ProductRecord, ServerRecord, ServiceContext, ServiceTier } from '../../plugins/plugin-api.js';
import type { DomainDeps } from '../deps.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';

/** What the caller already holds and need not be read again. */
export interface KnownRecords {
  /** the service's client, e.g. the signed-in customer on their own page */
  client?: ClientRecord;
  /** the service's product, e.g. already read to find the module */
  product?: ProductRecord;
  /** when the user-facing action began (performance.now()), for the module's time budget */
  actionStartedAt?: number;
  /** the tier to hand the module instead of the stored one (a tier change not stored yet); null = none */
  tier?: ServiceTier | null;
}

/**
 * Assembles the context for one service from `deps.repos`: the composition root hands a customer's page
 * the cached view of the repositories and everything else the fresh one.
 * @param known records the caller already has (must be the service's own)
 * @throws NotFoundError when the product or client has vanished
 */
export async function buildServiceContext(deps: DomainDeps, service: ServiceEntity, known: KnownRecords = {}): Promise<ServiceContext> {
  const { repos } = deps;
  const [product, client] = await Promise.all([known.product ?? repos.products.findById(service.productId), known.client ?? repos.users.findById(service.clientId)]);
  if (!product) throw new NotFoundError(`The product of service #${service.id} does not exist`);
  if (!client) throw new NotFoundError(`The client of service #${service.id} does not exist`);
  const [groupServers, tier] = await Promise.all([repos.servers.enabledInGroup(product.serverGroupId), known.tier !== undefined ? known.tier : storedTier(deps, service)]);
  return {
    service,
    product,
    client: { id: client.id, email: client.email, name: client.name },
    server: await assignedServer(deps, service.serverId, groupServers),
    groupServers,
    tier,
    now: deps.clock(),
    log: (entry) => repos.moduleLog.write({ ...entry, serviceId: service.id }),
    reserveUsername: (candidate) => repos.services.reserveUsername(service.id, candidate),
    recordIntent: (ref) => repos.services.update(service.id, { serverId: ref.serverId, username: ref.username, networkName: ref.networkName }),
    actionStartedAt: known.actionStartedAt,
  };
}

/** The caps of the tier the service has, as the module is handed them. */
async function storedTier(deps: DomainDeps, service: ServiceEntity): Promise<ServiceTier | null> {
  if (service.tierCode === null) return null;
  const tier = await deps.repos.plans.tier(service.productId, service.tierCode);
  return tier ? { code: tier.code, name: tier.name, downloadMbps: tier.downloadMbps, uploadMbps: tier.uploadMbps } : null;
}

/** The service's server: usually one of the group's enabled servers just read, so not read (and decrypted) twice. */
async function assignedServer(deps: DomainDeps, serverId: number | null, groupServers: ServerRecord[]): Promise<ServerRecord | null> {
  if (serverId === null) return null;
  return groupServers.find((s) => s.id === serverId) ?? deps.repos.servers.findRecord(serverId);
}
