/**
 * "View WireGuard / AmneziaWG / OpenVPN / IKEv2": one protocol's config of the client, with its QR
 * where the panel makes one. A protocol the network does not offer is refused with the reason.
 */
import type { PanelNetwork, VpnProtocol } from '../panel/panel-types.js';
import { ConflictError, ValidationError, type ServiceContext } from '../../../../server/plugins/plugin-api.js';
import { withinBudget } from '../panel/panel-policy.js';
import { PROTOCOLS, protocolLabel } from './protocols.js';
import type { LiveTarget } from './live-client.js';

/** One config as the viewer shows it; `text` is what Copy and Download give. */
export interface ConfigView {
  protocol: VpnProtocol;
  label: string;
  filename: string;
  content_type: string;
  text: string;
  /** a PNG data URL, or null (no QR for this protocol, or the panel made none) */
  qr: string | null;
}

/**
 * Checks a protocol name from a request.
 * @throws ValidationError (422) naming the field
 */
export function parseProtocol(raw: unknown): VpnProtocol {
  const found = PROTOCOLS.find((p) => p.key === raw);
  if (!found) throw new ValidationError({ protocol: `must be one of ${PROTOCOLS.map((p) => p.key).join(', ')}` }, 'Unknown protocol');
  return found.key;
}

/**
 * Reads one config of the client.
 * @throws ConflictError (409) when the network does not offer the protocol; the panel's errors
 */
export function readConfig(ctx: ServiceContext, target: LiveTarget, protocol: VpnProtocol): Promise<ConfigView> {
  const { panel, name } = target;
  return withinBudget(target.budget, panel, target.server, `/client/${name} (${protocol})`, async () => {
    const networkName = ctx.service.networkName ?? (await panel.getClient(name)).network_name;
    if (networkName === null) throw new ConflictError(`The panel does not say which network "${name}" is on, so its protocols are unknown`, 'network_unknown');
    assertOffered(await panel.network(networkName), protocol);
    const noQr = () => null;
    const base = { protocol, label: protocolLabel(protocol), content_type: 'text/plain; charset=utf-8' };
    switch (protocol) {
      case 'wireguard': {
        const [text, qr] = await Promise.all([panel.wireguardConfig(name), panel.wireguardQr(name).catch(noQr)]);
        return { ...base, filename: `${name}.conf`, text, qr };
      }
      case 'amneziawg': {
        const [text, qr] = await Promise.all([panel.amneziawgConfig(name), panel.amneziawgQr(name).catch(noQr)]);
        return { ...base, filename: `${name}-amneziawg.conf`, text, qr };
      }
      case 'openvpn':
        return { ...base, filename: `${name}.ovpn`, content_type: 'application/x-openvpn-profile', text: await panel.openvpnProfile(name), qr: null };
      case 'ikev2':
        return { ...base, filename: `${name}.sswan`, content_type: 'application/json', text: JSON.stringify(await panel.ikev2Profile(name), null, 2), qr: null };
    }
  });
}

function assertOffered(network: PanelNetwork, protocol: VpnProtocol): void {
  if (!network[protocol]) throw new ConflictError(`${protocolLabel(protocol)} is disabled on network ${network.name}`, 'protocol_disabled');
}
