/**
 * A `services` row as the plugin sees it (ServiceRecord): one mapping for every repository that reads
 * services, so the record means the same wherever it comes from. The module-declared options are one
 * JSON document in `services.options`, which the host stores without reading.
 */
import type { ServiceRecord, ServiceStatus } from '../domain/types.js';

/** The `services` columns a ServiceRecord is made of. */
export interface ServiceRecordRow {
  id: number;
  client_id: number;
  product_id: number;
  server_id: number | null;
  status: string;
  username: string | null;
  network_name: string | null;
  dedicated_ip: string | null;
  options: string | null;
  last_error: string | null;
}

/** The stored options document; a row written before the column existed reads as none. */
export function parseOptions(text: string | null): Record<string, unknown> {
  const value: unknown = text ? JSON.parse(text) : {};
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Maps a row to the record the plugin contract names. */
export function toServiceRecord(r: ServiceRecordRow): ServiceRecord {
  return {
    id: r.id,
    clientId: r.client_id,
    productId: r.product_id,
    serverId: r.server_id,
    status: r.status as ServiceStatus,
    username: r.username,
    networkName: r.network_name,
    dedicatedIp: r.dedicated_ip,
    options: parseOptions(r.options),
    lastError: r.last_error,
  };
}
