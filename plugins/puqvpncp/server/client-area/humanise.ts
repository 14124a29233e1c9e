/**
 * Numbers and times as a customer reads them. Bytes use decimal units (1 GB = 10^9 bytes), the same base
 * the invoices use, so the traffic shown here and the GB billed agree; public/js/portal-kit.js mirrors it.
 */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/**
 * Bytes as "0 B", "512 B", "44.2 MB", "1.0 GB".
 * @param bytes a non-negative integer
 * @returns the figure with one decimal from KB upwards
 */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return `${Math.max(0, Math.round(bytes) || 0)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // 999.96 MB would print as "1000.0 MB"; carry it into the next unit instead.
  if (Number(value.toFixed(1)) >= 1000 && unit < UNITS.length - 1) return `${(value / 1000).toFixed(1)} ${UNITS[unit + 1]}`;
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/**
 * A speed cap as shown on the VPN client card.
 * @param mbps Mbit/s, 0 = no cap
 * @returns "100 Mbit/s" or "Unlimited"
 */
export function humanLimit(mbps: number): string {
  return mbps > 0 ? `${mbps} Mbit/s` : 'Unlimited';
}

/**
 * How long ago an instant was: "just now", "5 min ago", "3 h ago", "2 days ago".
 * @param then the past instant
 * @param now the present
 * @returns the phrase; a time in the future (clock skew) reads "just now"
 */
export function relativeTime(then: Date, now: Date): string {
  const seconds = Math.floor((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/**
 * Parses the panel's "YYYY-MM-DD HH:MM:SS" handshake time. The panel does not say its zone; it is read
 * as UTC, which is how the panels this project met are set up.
 * @returns the instant, or null for anything else (e.g. an empty value for "never")
 */
export function parsePanelTime(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const at = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * A moment as "2026-11-27 10:04:05 UTC" for "Last checked".
 * @returns the UTC wall-clock time
 */
export function utcStamp(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
