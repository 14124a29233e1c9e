/**
 * A `services` row as the plugin sees it (ServiceRecord), with its speed options from `service_options`:
 * one mapping for every repository that reads services, so the record means the same wherever it comes from.
 */
import type { Knex } from 'knex';
import type { ServiceRecord, ServiceStatus } from '../domain/types.js';

/** The `service_options` names of the per-service speed options. */
export const SPEED_OPTIONS = { download: 'b_download', upload: 'b_upload' } as const;

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
  last_error: string | null;
}

// ids per statement, far below either dialect's parameter limit
const IDS_PER_STATEMENT = 500;

/** The options of many services by service id (absent = none set), a few hundred ids per query. */
export async function serviceOptionsOf(db: Knex, ids: number[]): Promise<Map<number, Record<string, number>>> {
  const map = new Map<number, Record<string, number>>();
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    for (const row of await db('service_options').whereIn('service_id', ids.slice(i, i + IDS_PER_STATEMENT))) {
      map.set(row.service_id, { ...map.get(row.service_id), [row.name]: Number(row.value) });
    }
  }
  return map;
}

/** Maps a row and its options to the record the plugin contract names. */
export function toServiceRecord(r: ServiceRecordRow, opts: Record<string, number> = {}): ServiceRecord {
  return {
    id: r.id,
    clientId: r.client_id,
    productId: r.product_id,
    serverId: r.server_id,
    status: r.status as ServiceStatus,
    username: r.username,
    networkName: r.network_name,
    dedicatedIp: r.dedicated_ip,
    optionDownloadMbps: opts[SPEED_OPTIONS.download] ?? null,
    optionUploadMbps: opts[SPEED_OPTIONS.upload] ?? null,
    lastError: r.last_error,
  };
}
