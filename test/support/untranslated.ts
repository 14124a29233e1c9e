/**
 * Finds English left in a page or a mail written in another language: the words of its text and of the
 * attributes a person reads (title, alt, aria-label, placeholder), less the data it shows (names,
 * addresses, codes, the product's name) and the terms kept in English on purpose (the translators' note).
 */

/** Terms every language keeps as they are (locales/TRANSLATORS.md). */
export const KEPT_TERMS = ['WireGuard', 'AmneziaWG', 'AmneziaVPN', 'OpenVPN', 'Connect', 'IKEv2', 'strongSwan', 'VPN', 'Client', 'IP', 'QR', 'kB', 'MB', 'GB', 'TB', 'UTC', 'USD', 'PDF'];

/**
 * The English-looking words of `html` that are neither data nor kept terms.
 * @param data the page's own data (names, addresses, product names), removed first
 */
export function untranslatedWords(html: string, data: string[] = []): string[] {
  let text = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<(code|pre)[^>]*>[\s\S]*?<\/\1>/g, ' ');
  const attributes = [...text.matchAll(/\s(?:title|alt|aria-label|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  text = [text.replace(/<[^>]*>/g, ' '), ...attributes].join(' ').replace(/&[a-z]+;|&#\d+;/g, ' ');
  for (const d of [...data].sort((a, b) => b.length - a.length)) if (d) text = text.split(d).join(' ');
  text = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w.-]+/g, ' ')
    .replace(/[\w-]*\.(conf|ovpn|sswan|json|png)\b/g, ' ')
    // the software's own name, in the footer
    .replace(/vpncp-portal/g, ' ');
  const kept = new Set(KEPT_TERMS);
  return [...new Set(text.match(/[A-Za-z][A-Za-z0-9']+/g) ?? [])].filter((w) => !kept.has(w));
}
