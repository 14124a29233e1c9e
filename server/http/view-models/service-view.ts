/**
 * Services as lists and the API show them.
 */
import type { Repositories } from '../../domain/deps.js';
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

/** The service object of admin-api.md, with the speed options that override the product default. */
export function serviceJson(s: ServiceEntity, productBandwidth: { download: number; upload: number } | null) {
  return {
    id: s.id,
    client_id: s.clientId,
    product_id: s.productId,
    server_id: s.serverId,
    status: s.status,
    username: s.username,
    network_name: s.networkName,
    dedicated_ip: s.dedicatedIp,
    b_download: s.optionDownloadMbps ?? productBandwidth?.download ?? null,
    b_upload: s.optionUploadMbps ?? productBandwidth?.upload ?? null,
    options: { b_download: s.optionDownloadMbps, b_upload: s.optionUploadMbps },
    last_error: s.lastError,
    created_at: s.createdAt,
  };
}
