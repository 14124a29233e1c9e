/**
 * The four VPN protocols as the admin pages show them, and whether a network offers each one.
 */
import type { PanelNetwork, VpnProtocol } from '../panel/panel-types.js';

/** A protocol's display name, in the panel's order. */
export const PROTOCOLS: readonly { key: VpnProtocol; label: string }[] = [
  { key: 'wireguard', label: 'WireGuard' },
  { key: 'amneziawg', label: 'AmneziaWG' },
  { key: 'openvpn', label: 'OpenVPN' },
  { key: 'ikev2', label: 'IKEv2' },
];

/** One protocol on the client's network. */
export interface ProtocolState {
  key: VpnProtocol;
  label: string;
  enabled: boolean;
  /** why it is greyed out; empty when enabled */
  reason: string;
}

/**
 * Which protocols the network offers.
 * @param network the network as the panel reports it, or null when unknown (nothing is offered then)
 */
export function protocolStates(network: PanelNetwork | null, networkName: string | null): ProtocolState[] {
  return PROTOCOLS.map(({ key, label }) => {
    if (!network) return { key, label, enabled: false, reason: `The protocols of network ${networkName ?? '(unknown)'} could not be read` };
    const enabled = network[key];
    return { key, label, enabled, reason: enabled ? '' : `${label} is disabled on network ${network.name} (enable it in the panel's Protocols card)` };
  });
}

/** The display name of a protocol key. */
export function protocolLabel(key: string): string {
  return PROTOCOLS.find((p) => p.key === key)?.label ?? key;
}
