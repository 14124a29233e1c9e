/**
 * The Connection status card as data: the same object is rendered into the page and answered by the
 * status JSON endpoint the page polls, so both always agree.
 */
import type { Locale } from '../../../../server/plugins/plugin-api.js';
import type { PanelSessionRow, VpnProtocol } from '../panel/panel-types.js';
import { parsePanelTime } from './humanise.js';

/** Display names of the VPN protocols. */
export const PROTOCOL_LABELS: Record<VpnProtocol, string> = {
  wireguard: 'WireGuard',
  amneziawg: 'AmneziaWG',
  openvpn: 'OpenVPN',
  ikev2: 'IKEv2',
};

/** One connected protocol. */
export interface SessionView {
  /** null: the panel did not say which protocol */
  protocol: VpnProtocol | null;
  label: string;
  network: string;
  ip: string;
  endpoint: string;
  /** the panel's time in the customer's language (as sent when it cannot be read) */
  handshake: string;
  /** "now", "5 minutes ago"; null when the panel's time cannot be read */
  handshakeAgo: string | null;
  downloaded: string;
  uploaded: string;
}

/** The card: live data, or the reason there is none. */
export type StatusView =
  | { available: true; online: boolean; sessions: SessionView[]; checkedAt: string; checkedLabel: string }
  | { available: false; message: string };

/**
 * Builds the card from this client's session rows.
 * @param rows the rows of the online list that belong to the client
 * @param checkedAt when the panel was asked
 * @param now the present, for relative times
 * @param locale the customer's language
 * @returns the card's data; Online when any protocol reports a session
 */
export function statusView(rows: PanelSessionRow[], checkedAt: Date, now: Date, locale: Locale): StatusView {
  const sessions = rows.map((row): SessionView => {
    const at = parsePanelTime(row.latest_handshake);
    return {
      protocol: row.protocol,
      label: row.protocol ? PROTOCOL_LABELS[row.protocol] : 'VPN',
      network: row.network,
      ip: row.ip,
      endpoint: row.endpoint,
      handshake: at ? locale.dateTime(at) : row.latest_handshake,
      handshakeAgo: at ? locale.relative(at, now) : null,
      // The panel counts from the server's side: what it sent (tx) is what the customer downloaded.
      downloaded: locale.bytes(row.transfer_tx),
      uploaded: locale.bytes(row.transfer_rx),
    };
  });
  return { available: true, online: sessions.length > 0, sessions, checkedAt: checkedAt.toISOString(), checkedLabel: locale.dateTime(checkedAt) };
}

/**
 * The card when the panel could not be asked.
 * @param message what the customer is told
 */
export function statusUnavailable(message: string): StatusView {
  return { available: false, message };
}
