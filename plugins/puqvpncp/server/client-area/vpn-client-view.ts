/**
 * The VPN client card and the config cards as data. What the portal knows itself (client name, VPN IP,
 * password) is always shown; what only the panel knows (username, limits, protocols, enabled) is shown
 * when the panel answered, and replaced by a "temporarily unavailable" line when it did not.
 */
import type { PanelNetwork, PanelVpnClient, VpnProtocol } from '../panel/panel-types.js';
import type { ProductConfig } from '../product-config.js';
import type { Locale } from '../../../../server/plugins/plugin-api.js';
import { humanLimit } from './humanise.js';
import { PROTOCOL_LABELS } from './status-view.js';

/** Where the plugin's customer routes are mounted by the host. */
export const CLIENT_BASE = '/client/plugins/puqvpncp';

/** Protocols in the order their cards appear. */
export const PROTOCOLS: readonly VpnProtocol[] = ['wireguard', 'amneziawg', 'openvpn', 'ikev2'];

/** The VPN client card. */
export interface VpnClientView {
  clientName: string;
  vpnIp: string | null;
  /** absent when the product says never to show it, or none is stored */
  password: { mode: 'button' | 'plain'; value: string } | null;
  /** what the panel said; a field it did not report is null */
  live: { username: string | null; download: string | null; upload: string | null; enabled: boolean | null } | null;
  protocols: { protocol: VpnProtocol; label: string }[] | null;
  /** why `live` or `protocols` is missing */
  unavailable: string | null;
}

/** One config card; which buttons it has depends on the protocol. */
export interface ConfigCardView {
  protocol: VpnProtocol;
  label: string;
  /** the JSON the card loads its text (and QR) from */
  dataUrl: string;
  downloadUrl: string;
  fileName: string;
  /** e.g. ".conf", for the button */
  extension: string;
  /** WireGuard-family configs come with a QR code */
  hasQr: boolean;
  /** a text block with Copy (all but IKEv2, which is a download-only profile) */
  hasText: boolean;
}

/** The config cards, or why they cannot be listed. */
export type ConfigsView = { available: true; cards: ConfigCardView[] } | { available: false; message: string };

/** The answers the cards are built from; an Error stands for a call that failed. */
export interface PanelFacts {
  record: PanelVpnClient | Error;
  network: PanelNetwork | Error;
}

/**
 * The protocols a network has switched on, in card order.
 * @returns e.g. ['wireguard', 'openvpn']
 */
export function enabledProtocols(network: PanelNetwork): VpnProtocol[] {
  return PROTOCOLS.filter((p) => network[p]);
}

/**
 * A download's file name from the VPN client name: letters, digits, "_" and "-" only, so no header or
 * path trick can ride in on it.
 * @returns e.g. vpn-3-12-abcd.conf, vpn-3-12-abcd-awg.conf, vpn-3-12-abcd.ovpn, vpn-3-12-abcd.sswan
 */
export function configFileName(clientName: string, protocol: VpnProtocol): string {
  const base = clientName.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^-+/, '').slice(0, 64) || 'vpn';
  const suffix: Record<VpnProtocol, string> = { wireguard: '.conf', amneziawg: '-awg.conf', openvpn: '.ovpn', ikev2: '.sswan' };
  return base + suffix[protocol];
}

/**
 * The VPN client card.
 * @param input what the portal stores and what the panel said
 * @returns the card's data
 */
export function vpnClientView(input: { clientName: string; vpnIp: string | null; password: string | null; showPassword: ProductConfig['show_password']; facts: PanelFacts; unavailableMessage: (err: Error) => string; locale: Locale }): VpnClientView {
  const { record, network } = input.facts;
  const failure = [record, network].find((f): f is Error => f instanceof Error);
  return {
    clientName: input.clientName,
    vpnIp: record instanceof Error ? input.vpnIp : (record.ipv4 ?? input.vpnIp),
    password: input.showPassword === 'no' || !input.password ? null : { mode: input.showPassword, value: input.password },
    live: record instanceof Error ? null : liveFacts(record, input.locale),
    protocols: network instanceof Error ? null : enabledProtocols(network).map((protocol) => ({ protocol, label: PROTOCOL_LABELS[protocol] })),
    unavailable: failure ? input.unavailableMessage(failure) : null,
  };
}

function liveFacts(record: PanelVpnClient, locale: Locale): NonNullable<VpnClientView['live']> {
  return {
    username: record.username,
    download: record.b_download === null ? null : humanLimit(record.b_download, locale),
    upload: record.b_upload === null ? null : humanLimit(record.b_upload, locale),
    enabled: record.status === null ? null : record.status === 'enable',
  };
}

/**
 * The config cards: one per protocol enabled on the network, none for the others.
 * @param serviceId the service, for the card URLs
 * @param clientName the VPN client name, for file names
 * @param network the network, or the error that kept it from us
 * @param unavailableMessage what to say when the network is unknown
 */
export function configsView(serviceId: number, clientName: string, network: PanelNetwork | Error, unavailableMessage: (err: Error) => string): ConfigsView {
  if (network instanceof Error) return { available: false, message: unavailableMessage(network) };
  const base = `${CLIENT_BASE}/services/${serviceId}`;
  return {
    available: true,
    cards: enabledProtocols(network).map((protocol) => {
      const fileName = configFileName(clientName, protocol);
      return {
        protocol,
        label: PROTOCOL_LABELS[protocol],
        dataUrl: `${base}/configs/${protocol}.json`,
        downloadUrl: `${base}/download/${protocol}`,
        fileName,
        extension: fileName.slice(fileName.lastIndexOf('.')),
        hasQr: protocol === 'wireguard' || protocol === 'amneziawg',
        hasText: protocol !== 'ikev2',
      };
    }),
  };
}
