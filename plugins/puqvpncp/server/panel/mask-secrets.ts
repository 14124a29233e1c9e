/**
 * Deep-copy masking of secrets before anything reaches a log, a page or a module-log row: tokens, VPN
 * passwords, keys, configs, QR codes and one-time links become "***". Masking is by key name AND by
 * value: a panel may hand a secret back under a key nobody foresaw, or quote it in an error message, so
 * the secrets an answer carries are also collected and blanked wherever else they appear.
 */

/** What every masked value is replaced with. */
export const MASK = '***';

// Compared after lower-casing and dropping separators, so api_token, apiToken, X-Api-Token, pre_shared_key
// and credentials.pass all match; a whole object under such a key (credentials: {...}) is masked too.
const SECRET_KEY_PARTS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'private', 'psk', 'preshared', 'credential', 'cookie'];
// whole documents that carry secrets: masked, but their harmless parts (a host name) are not hunted down elsewhere
const SECRET_KEYS = new Set(['config', 'profile', 'qr', 'url', 'otl']);

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
// the key material inside a config text, so it is blanked where it turns up without its config
const EMBEDDED_SECRET = /\b(?:PrivateKey|PresharedKey)\s*=\s*(\S+)/gi;

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
  const k = normalised(key);
  return SECRET_KEYS.has(k) || namesSecretValue(k);
}

function normalised(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A key whose value is itself a secret (a password, a token, a key), as opposed to a document holding some. */
function namesSecretValue(normalisedKey: string): boolean {
  return SECRET_KEY_PARTS.some((part) => normalisedKey.includes(part));
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
  // longest first, so a secret that contains a shorter one is blanked whole
  for (const literal of [...literals].sort((a, b) => b.length - a.length)) {
    if (literal.length >= MIN_LITERAL_LENGTH) out = out.split(literal).join(MASK);
  }
  return out;
}

/**
 * The secret values a JSON-like value carries: strings under secret keys, whole config texts and the
 * keys inside them, so they can be blanked wherever else they appear (an error message, a later call).
 * @param value e.g. a panel's answer or a request body
 * @returns the values, long enough to be blanked safely
 */
export function collectSecrets(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown, underSecret: boolean, depth: number): void => {
    if (depth > MAX_DEPTH || v === null || v === undefined) return;
    if (typeof v === 'string') {
      if (underSecret || SECRET_TEXT.some((pattern) => pattern.test(v))) found.add(v);
      for (const m of v.matchAll(EMBEDDED_SECRET)) found.add(m[1]);
      return;
    }
    if (typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((item) => visit(item, underSecret, depth + 1));
    else for (const [key, item] of Object.entries(v)) visit(item, underSecret || namesSecretValue(normalised(key)), depth + 1);
  };
  visit(value, false, 0);
  return [...found].filter((s) => s.length >= MIN_LITERAL_LENGTH);
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
