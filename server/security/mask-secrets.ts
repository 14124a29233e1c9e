/**
 * The host's one masking of secrets, for everything it logs, stores as a log or shows: by key (a value
 * under a key that names a secret, nested included), by pattern (Bearer credentials, passwords in URLs,
 * private key blocks, `name=value` and `"name": "value"` pairs whose name is a secret's) and by value:
 * every secret this process knows (panel API tokens, VPN passwords, admin API tokens, and later reset
 * tokens and webhook secrets) is replaced wherever it appears in a text. Repositories feed the registry
 * when they decrypt or issue a secret. The registry is the process's: a log line must be masked whichever
 * container or logger writes it.
 *
 * Plugins reach the same masking through the plugin API, adding what only they can recognise: texts that
 * are secrets whatever key carries them (a VPN config, a one-time link), keys of their own, and the
 * literal secrets of one remote call.
 */

/** What every masked value is replaced with. */
export const MASK = '***';

/** Shorter secrets are masked by key only: as values they would blank ordinary words that contain them. */
export const MIN_SECRET_LENGTH = 6;
/** A call's own literals are known to be secrets, so shorter ones are still worth blanking. */
const MIN_LITERAL_LENGTH = 4;
const MAX_SECRETS = 200_000;
const MAX_DEPTH = 20;

// compared after lower-casing and dropping separators: api_token, apiToken and X-Api-Token all match
const SECRET_KEY_PARTS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'private', 'psk', 'preshared', 'credential', 'cookie'];
// whole VPN configs and their QR images, under the names panels give them
const SECRET_KEYS = new Set(['config', 'profile', 'qr']);

/** The secret values a process knows, indexed by their first characters for a single pass over a text. */
export class SecretRegistry {
  private readonly byPrefix = new Map<string, string[]>();
  private readonly order: string[] = [];
  private readonly known = new Set<string>();

  /** Remembers a secret (ignored when empty or shorter than MIN_SECRET_LENGTH). */
  add(secret: string | null | undefined): void {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || this.known.has(secret)) return;
    // a bound for a process that sees very many secrets: the oldest are masked by key only
    if (this.order.length >= MAX_SECRETS) this.remove(this.order.shift() as string);
    this.known.add(secret);
    this.order.push(secret);
    const prefix = secret.slice(0, MIN_SECRET_LENGTH);
    const list = this.byPrefix.get(prefix) ?? [];
    list.push(secret);
    // longest first: a secret that begins with another is masked whole
    list.sort((a, b) => b.length - a.length);
    this.byPrefix.set(prefix, list);
  }

  /** How many secrets are known. */
  get size(): number {
    return this.known.size;
  }

  /** Replaces every known secret in a text with MASK. */
  replaceIn(text: string): string {
    if (this.known.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
    let out = '';
    let from = 0;
    for (let i = 0; i + MIN_SECRET_LENGTH <= text.length; ) {
      const found = this.byPrefix.get(text.slice(i, i + MIN_SECRET_LENGTH))?.find((s) => text.startsWith(s, i));
      if (found === undefined) {
        i++;
        continue;
      }
      out += text.slice(from, i) + MASK;
      i += found.length;
      from = i;
    }
    return from === 0 ? text : out + text.slice(from);
  }

  private remove(secret: string): void {
    this.known.delete(secret);
    const prefix = secret.slice(0, MIN_SECRET_LENGTH);
    const rest = (this.byPrefix.get(prefix) ?? []).filter((s) => s !== secret);
    if (rest.length > 0) this.byPrefix.set(prefix, rest);
    else this.byPrefix.delete(prefix);
  }
}

/** This process's registry. */
export const knownSecrets = new SecretRegistry();

/** What a caller adds to the masking of one value or text. */
export interface MaskOptions {
  /** the known secrets (this process's by default) */
  registry?: SecretRegistry;
  /** literal values to blank wherever they occur, e.g. the token of the call being logged */
  literals?: readonly string[];
  /** a text matching one of these is a secret whole, whatever key carries it (a VPN config, a link) */
  secretTexts?: readonly RegExp[];
  /** more keys whose values are masked whole, compared like the built-in ones (lower case, no separators) */
  secretKeys?: readonly string[];
}

const normalised = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');
const namesSecretValue = (k: string) => SECRET_KEY_PARTS.some((part) => k.includes(part));

/**
 * Tells whether a key names a secret (pass, pwd, secret, token, key, auth, private, psk, pre_shared,
 * credential, cookie, or a VPN config).
 * @param key a property, header or parameter name
 * @param extraKeys more whole keys that name secrets (normalised, as MaskOptions.secretKeys)
 */
export function isSecretKey(key: string, extraKeys: readonly string[] = []): boolean {
  const k = normalised(key);
  return SECRET_KEYS.has(k) || extraKeys.includes(k) || namesSecretValue(k);
}

const SECRET_NAME = `[A-Za-z0-9_.-]*(?:${SECRET_KEY_PARTS.map((p) => (p === 'preshared' ? 'pre[_-]?shared' : p)).join('|')})[A-Za-z0-9_.-]*`;
const PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, MASK],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${MASK}`],
  // Basic credentials look like base64 (mixed case past the first letter), not like "Basic Configuration"
  [/\bBasic\s+[A-Za-z0-9+/](?=[A-Za-z0-9+/]*[A-Z0-9+/=])[A-Za-z0-9+/]{7,}={0,2}/g, `Basic ${MASK}`],
  // userinfo of a URL: scheme://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${MASK}@`],
  // name=value (query strings, form bodies, environment lines)
  [new RegExp(`(\\b${SECRET_NAME}=)[^\\s&;,"']+`, 'gi'), `$1${MASK}`],
  // "name": "value" (JSON or a JS object inside a text)
  [new RegExp(`((["'])${SECRET_NAME}\\2\\s*:\\s*)(["'])(?:\\\\.|(?!\\3).)*\\3`, 'gi'), `$1"${MASK}"`],
];

/** What every pattern above needs in a text to match at all: a private key block, Bearer, Basic, a URL's `://`, `=` or a quote. */
const MAY_MATCH_A_PATTERN = /-----BEGIN|bearer|basic|:\/\/|=|["']/i;

/**
 * Masks one text: a secret text becomes MASK whole; known secrets, the caller's literals and
 * secret-shaped parts are replaced by MASK.
 */
export function maskText(text: string, options: MaskOptions = {}): string {
  if (options.secretTexts?.some((pattern) => pattern.test(text))) return MASK;
  let out = (options.registry ?? knownSecrets).replaceIn(text);
  // longest first, so a secret that contains a shorter one is blanked whole
  const literals = (options.literals ?? []).filter((l) => l.length >= MIN_LITERAL_LENGTH).sort((a, b) => b.length - a.length);
  for (const literal of literals) out = out.split(literal).join(MASK);
  // most logged texts (routes, messages, names) hold none of what a pattern starts with: one test, not six
  if (!MAY_MATCH_A_PATTERN.test(out)) return out;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Returns a masked deep copy of a value, safe to log, store as a log or show; the input is never
 * modified. Errors become `{type, message, stack}` (masked); buffers, functions and cycles are left out.
 */
export function maskSecrets(value: unknown, options: MaskOptions = {}): unknown {
  return copy(value, options, new WeakSet<object>(), 0);
}

/**
 * The secret values a JSON-like value carries: strings under secret keys, secret texts, and what
 * `embedded` captures inside any string (e.g. the key inside a config), so they can be blanked wherever
 * else they turn up (an error message, a later call).
 * @param options.secretTexts texts that are secrets whole; options.embedded a global pattern whose group 1 is a secret
 */
export function collectSecrets(value: unknown, options: { secretTexts?: readonly RegExp[]; embedded?: RegExp } = {}): string[] {
  const found = new Set<string>();
  const visit = (v: unknown, underSecret: boolean, depth: number): void => {
    if (depth > MAX_DEPTH || v === null || v === undefined) return;
    if (typeof v === 'string') {
      if (underSecret || options.secretTexts?.some((pattern) => pattern.test(v))) found.add(v);
      if (options.embedded) for (const m of v.matchAll(options.embedded)) found.add(m[1]);
      return;
    }
    if (typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((item) => visit(item, underSecret, depth + 1));
    else for (const [key, item] of Object.entries(v)) visit(item, underSecret || namesSecretValue(normalised(key)), depth + 1);
  };
  visit(value, false, 0);
  return [...found].filter((s) => s.length >= MIN_LITERAL_LENGTH);
}

function copy(value: unknown, options: MaskOptions, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return maskText(value, options);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => copy(item, options, seen, depth + 1));
    if (value instanceof Error) {
      const out: Record<string, unknown> = { type: value.name, message: maskText(value.message, options), stack: value.stack ? maskText(value.stack, options) : undefined };
      if (value.cause !== undefined) out.cause = copy(value.cause, options, seen, depth + 1);
      return out;
    }
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
    const out: Record<string, unknown> = {};
    const extraKeys = options.secretKeys ?? [];
    for (const [key, item] of entries) out[key] = isSecretKey(key, extraKeys) && item !== null && item !== undefined && item !== '' && typeof item !== 'boolean' ? MASK : copy(item, options, seen, depth + 1);
    return out;
  } finally {
    // only true cycles are marked; the same object reached twice through siblings is copied twice
    seen.delete(value);
  }
}
