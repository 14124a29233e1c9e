/**
 * Services as lists, pages and the API show them.
 */
import type { DomainDeps, Repositories } from '../../domain/deps.js';
import { optionsView, type OptionsView } from '../../domain/services/service-options.js';
import type { ServiceEntity } from '../../repositories/services.repository.js';

export interface ServiceRowView extends ServiceEntity {
  clientName: string;
  clientEmail: string;
  productName: string;
  serverName: string | null;
}

/** Joins names for display: one query per kind, reading only the clients and products the rows name. */
export async function serviceRows(repos: Repositories, services: ServiceEntity[]): Promise<ServiceRowView[]> {
  const [clients, products, servers] = await Promise.all([
    repos.users.findByIds(services.map((s) => s.clientId)),
    repos.products.findByIds(services.map((s) => s.productId)),
    repos.servers.list(),
  ]);
  const client = new Map(clients.map((u) => [u.id, u]));
  const product = new Map(products.map((p) => [p.id, p.name]));
  const server = new Map(servers.map((s) => [s.id, s.name]));
  return services.map((s) => ({
    ...s,
    clientName: client.get(s.clientId)?.name ?? `#${s.clientId}`,
    clientEmail: client.get(s.clientId)?.email ?? '',
    productName: product.get(s.productId) ?? `#${s.productId}`,
    serverName: s.serverId === null ? null : (server.get(s.serverId) ?? `#${s.serverId}`),
  }));
}

/** The options of a service as its product's module declares them. */
export async function serviceOptionsOf(deps: DomainDeps, service: ServiceEntity): Promise<OptionsView> {
  const product = await deps.repos.products.findById(service.productId);
  const tier = service.tierCode === null ? null : await deps.repos.plans.tier(service.productId, service.tierCode);
  return optionsView(product ? deps.modules.provisioner(product.module) : null, product, service.options, tier);
}

/** The service objects of a list page: each product (and its module) read once. */
export async function serviceJsonList(deps: DomainDeps, services: ServiceEntity[]) {
  const products = new Map((await deps.repos.products.findByIds(services.map((s) => s.productId))).map((p) => [p.id, p]));
  return services.map((s) => {
    const product = products.get(s.productId) ?? null;
    return serviceJson(s, optionsView(product ? deps.modules.provisioner(product.module) : null, product, s.options));
  });
}

/**
 * The service object of admin-api.md: each of the module's options in effect at the top level (the
 * service's own value, else the product default), and the service's own values under `options`.
 */
export function serviceJson(s: ServiceEntity, options: OptionsView) {
  return {
    id: s.id,
    client_id: s.clientId,
    product_id: s.productId,
    server_id: s.serverId,
    status: s.status,
    username: s.username,
    network_name: s.networkName,
    dedicated_ip: s.dedicatedIp,
    ...options.effective,
    options: options.own,
    tier: s.tierCode,
    suspend_reason: s.suspendReason,
    last_error: s.lastError,
    created_at: s.createdAt,
  };
}
