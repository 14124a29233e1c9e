/**
 * The VPN client table of the admin service page, from the panel's own record of the client
 * (endpoint 9) and of its network (endpoint 4).
 */
import type { PanelClient, PanelNetwork } from '../panel/panel-types.js';
import { bandwidthText } from '../lifecycle/bandwidth.js';
import { protocolStates, type ProtocolState } from './protocols.js';

/** One row set of the table; the password only goes into the page, never into JSON answers. */
export interface ClientCard {
  name: string;
  network: string;
  ipv4: string;
  username: string;
  enabled: boolean;
  bandwidth: string;
  protocols: ProtocolState[];
}

/**
 * Builds the table's view-model.
 * @param network the client's network, or null when it could not be read
 */
export function clientCard(client: PanelClient, network: PanelNetwork | null): ClientCard {
  return {
    name: client.name,
    network: client.network_name,
    ipv4: client.ipv4,
    username: client.username,
    enabled: client.status === 'enable',
    bandwidth: bandwidthText({ b_download: client.b_download, b_upload: client.b_upload }),
    protocols: protocolStates(network, client.network_name),
  };
}
