/**
 * What an event carries about the portal's objects: the fields the admin API shows, never a secret
 * (no password, no token).
 */
import type { ServiceRecord } from '../../plugins/plugin-records.js';
import type { User } from '../types.js';

/** A service as an event's data. */
export function serviceEventData(s: ServiceRecord): Record<string, unknown> {
  return {
    id: s.id,
    client_id: s.clientId,
    product_id: s.productId,
    server_id: s.serverId,
    status: s.status,
    username: s.username,
    network_name: s.networkName,
    dedicated_ip: s.dedicatedIp,
    last_error: s.lastError,
  };
}

/** A customer as an event's data. */
export function clientEventData(u: Pick<User, 'id' | 'email' | 'name'>): Record<string, unknown> {
  return { id: u.id, email: u.email, name: u.name };
}
