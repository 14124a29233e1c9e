/**
 * Deep-copy masking of secrets before anything reaches a log: tokens, VPN passwords, keys, configs,
 * QR codes and one-time links become "***". Masking is by key name AND by content, because a panel may
 * hand a config back under a key nobody foresaw.
 */

/** What every masked value is replaced with. */
export const MASK = '***';

// Compared after lower-casing and dropping separators, so api_token, apiToken and X-Api-Token all match.
const SECRET_KEY_PARTS = ['password', 'passwd', 'token', 'secret', 'authorization', 'privatekey', 'presharedkey', 'cookie', 'apikey'];
const SECRET_KEYS = new Set(['config', 'profile', 'qr', 'psk', 'url', 'otl', 'key', 'licensekey', 'licencekey']);

// Text that is a credential whatever key carries it: VPN configs, PEM blocks, inline .ovpn keys, QR
// images (they encode a config) and one-time links (anyone holding one gets the config).
const SECRET_TEXT = [
  /\[Interface\]/i,
  /\b(PrivateKey|PresharedKey)\s*=/i,
  /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/,
  /<(key|tls-auth|tls-crypt|secret)>/i,
  /^data:image\/[a-z+]+;base64,/i,
  /\/otl\/[0-9a-f]{8,}/i,
];

/** Extra literal values to blank wherever they occur, e.g. the API token in a panel's error text. */
export interface MaskOptions {
  literals?: readonly string[];
}

const MAX_DEPTH = 20;
// Shorter literals would blank ordinary words that merely contain them.
const MIN_LITERAL_LENGTH = 4;

/**
 * Returns a masked deep copy of `value`, safe to log; the input is never modified.
 * @param value any JSON-like value, Error, Buffer or Date
 * @param options literals to blank in every string
 * @returns the copy, with secret values replaced by MASK
 */
export function maskSecrets(value: unknown, options: MaskOptions = {}): unknown {
  const literals = (options.literals ?? []).filter((l) => l.length >= MIN_LITERAL_LENGTH);
  return copy(value, literals, new WeakSet<object>(), 0);
}

/**
 * Tells whether an object key names a secret (token, password, config, qr, url of a one-time link...).
 * @param key the property or header name
 * @returns true when its value must never be logged
 */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEYS.has(k) || SECRET_KEY_PARTS.some((part) => k.includes(part));
}

/**
 * Masks one string: a whole config or link becomes MASK, a Bearer credential or a listed literal is blanked.
 * @param text the string to mask
 * @param literals values to blank wherever they occur
 * @returns the masked string
 */
export function maskText(text: string, literals: readonly string[] = []): string {
  if (SECRET_TEXT.some((pattern) => pattern.test(text))) return MASK;
  let out = text.replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${MASK}`);
  for (const literal of literals) {
    if (literal.length >= MIN_LITERAL_LENGTH) out = out.split(literal).join(MASK);
  }
  return out;
}

function copy(value: unknown, literals: readonly string[], seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return maskText(value, literals);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => copy(item, literals, seen, depth + 1));
    if (value instanceof Error) return { name: value.name, message: maskText(value.message, literals) };
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      out[key] = isSecretKey(key) && item !== null && item !== undefined ? MASK : copy(item, literals, seen, depth + 1);
    }
    return out;
  } finally {
    // Only true cycles are marked; the same object reached twice through siblings is copied twice.
    seen.delete(value);
  }
}
