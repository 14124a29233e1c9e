/**
 * The live connection status of one VPN client: the panel's online list (every client's sessions)
 * narrowed to this client's name. An empty list means offline, never an error (the original's 1.1 fix).
 */
import type { PanelSessionRow } from '../panel/panel-types.js';
import { protocolLabel } from './protocols.js';

/** One protocol session as the page and its JSON endpoint show it. */
export interface SessionView {
  protocol: string;
  label: string;
  network: string;
  ip: string;
  endpoint: string;
  latest_handshake: string;
  /** e.g. "just now", "5 min ago"; empty when the panel's time cannot be read */
  handshake_ago: string;
  transfer_rx: number;
  transfer_tx: number;
  rx_text: string;
  tx_text: string;
}

/** The status block's data. */
export interface ConnectionStatus {
  online: boolean;
  checked_at: string;
  sessions: SessionView[];
}

/**
 * Narrows the online list to one client.
 * @param rows endpoint 10's answer
 * @param now the portal's clock, for the relative handshake time
 */
export function connectionStatus(rows: PanelSessionRow[], clientName: string, now: Date): ConnectionStatus {
  const sessions = rows.filter((r) => r.name === clientName).map((r) => ({
    protocol: r.protocol ?? 'unknown',
    label: r.protocol ? protocolLabel(r.protocol) : 'VPN',
    network: r.network,
    ip: r.ip,
    endpoint: r.endpoint,
    latest_handshake: r.latest_handshake,
    handshake_ago: ago(r.latest_handshake, now),
    transfer_rx: r.transfer_rx,
    transfer_tx: r.transfer_tx,
    rx_text: humanBytes(r.transfer_rx),
    tx_text: humanBytes(r.transfer_tx),
  }));
  return { online: sessions.length > 0, checked_at: now.toISOString(), sessions };
}

/**
 * Bytes in B/KB/MB/GB/TB with 1024 steps, as the original's admin view shows them.
 * @returns e.g. "1.5 MB"
 */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

// The panel writes "YYYY-MM-DD HH:MM:SS" without a zone; it is read as UTC, the panels' usual setting.
function ago(handshake: string, now: Date): string {
  const at = Date.parse(`${handshake.replace(' ', 'T')}Z`);
  if (Number.isNaN(at)) return '';
  const seconds = Math.max(0, Math.round((now.getTime() - at) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}
