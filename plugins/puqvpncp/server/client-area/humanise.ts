/**
 * What the panel sends, as a customer reads it. Numbers, bytes and dates are written by the page's
 * Locale (Intl, in the customer's language); bytes use decimal units (1 GB = 10^9 bytes), the base the
 * invoices use, so the traffic shown here and the GB billed agree.
 */
import type { Locale } from '../../../../server/plugins/plugin-api.js';

/**
 * A speed cap as shown on the VPN client card.
 * @param mbps Mbit/s, 0 = no cap
 * @returns "100 Mbit/s" or "Unlimited", in the locale's language
 */
export function humanLimit(mbps: number, locale: Locale): string {
  return mbps > 0 ? locale.t('vpn.mbps', { value: locale.number(mbps) }) : locale.t('vpn.unlimited');
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
