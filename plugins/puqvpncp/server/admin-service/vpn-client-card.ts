/**
 * The VPN client table of the admin service page, from the panel's own record of the client
 * (endpoint 9) and of its network (endpoint 4).
 */
import type { PanelNetwork, PanelVpnClient } from '../panel/panel-types.js';
import { bandwidthText } from '../lifecycle/bandwidth.js';
import { protocolStates, type ProtocolState } from './protocols.js';

/** One row set of the table; the password only goes into the page, never into JSON answers. */
export interface ClientCard {
  name: string;
  /** what the panel did not report shows as "—" */
  network: string;
  ipv4: string;
  username: string;
  /** null: the panel did not say */
  enabled: boolean | null;
  bandwidth: string;
  protocols: ProtocolState[];
}

/**
 * Builds the table's view-model.
 * @param network the client's network, or null when it could not be read
 */
export function clientCard(client: PanelVpnClient, network: PanelNetwork | null): ClientCard {
  const bandwidthKnown = client.b_download !== null && client.b_upload !== null;
  return {
    name: client.name,
    network: client.network_name ?? '—',
    ipv4: client.ipv4 ?? '—',
    username: client.username ?? '—',
    enabled: client.status === null ? null : client.status === 'enable',
    bandwidth: bandwidthKnown ? bandwidthText({ b_download: client.b_download ?? 0, b_upload: client.b_upload ?? 0 }) : 'not reported by the panel',
    protocols: protocolStates(network, client.network_name),
  };
}
