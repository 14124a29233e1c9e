/**
 * What only this module can tell is a secret, handed to the host's one masking (plugin API): VPN config
 * texts, PEM blocks, inline .ovpn keys, QR images (they encode a config) and one-time links (anyone
 * holding one gets the config), whatever key carries them, plus the keys the panel gives such documents.
 * Masking is by key AND by value: a panel may hand a secret back under a key nobody foresaw, or quote it in
 * an error message, so the secrets an answer carries are collected and blanked wherever else they appear.
 */
import { collectSecrets as hostCollectSecrets, isSecretKey as hostIsSecretKey, MASK, maskSecrets as hostMaskSecrets, maskText as hostMaskText } from '../../../../server/plugins/plugin-api.js';

export { MASK };

const VPN_SECRET_TEXTS: readonly RegExp[] = [
  /\[Interface\]/i,
  /\b(PrivateKey|PresharedKey)\s*=/i,
  /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/,
  /<(key|tls-auth|tls-crypt|secret)>/i,
  /^data:image\/[a-z+]+;base64,/i,
  /\/otl\/[0-9a-f]{8,}/i,
];
// the one-time link's answer and the documents holding secrets, under the names the panel gives them
const DOCUMENT_KEYS: readonly string[] = ['url', 'otl'];
// the key material inside a config text, so it is blanked where it turns up without its config
const EMBEDDED_SECRET = /\b(?:PrivateKey|PresharedKey)\s*=\s*(\S+)/gi;

/** Extra literal values to blank wherever they occur, e.g. the API token in a panel's error text. */
export interface MaskOptions {
  literals?: readonly string[];
}

/**
 * Returns a masked deep copy of `value`, safe to log; the input is never modified.
 * @param options literals to blank in every string
 */
export function maskSecrets(value: unknown, options: MaskOptions = {}): unknown {
  return hostMaskSecrets(value, { literals: options.literals, secretTexts: VPN_SECRET_TEXTS, secretKeys: DOCUMENT_KEYS });
}

/** Tells whether an object key names a secret (token, password, config, qr, url of a one-time link...). */
export function isSecretKey(key: string): boolean {
  return hostIsSecretKey(key, DOCUMENT_KEYS);
}

/**
 * Masks one string: a whole config or link becomes MASK; a credential or a listed literal is blanked.
 * @param literals values to blank wherever they occur
 */
export function maskText(text: string, literals: readonly string[] = []): string {
  return hostMaskText(text, { literals, secretTexts: VPN_SECRET_TEXTS });
}

/** The secret values a panel answer or request carries (secret keys, config texts and the keys inside them). */
export function collectSecrets(value: unknown): string[] {
  return hostCollectSecrets(value, { secretTexts: VPN_SECRET_TEXTS, embedded: EMBEDDED_SECRET });
}
