/**
 * The wire shapes of the puqVPNcp panel API (shared/docs/panel-api.md), read tolerantly and normalised
 * at the boundary: numbers as strings, status words in any case, booleans as 1/"true"/"on", an IPv4 with
 * its prefix, the network under either key, lists as null, unknown keys anywhere ("What a real panel may
 * send instead"). Only a field the portal uses can fail a call, and its path is named in the error.
 * Every wire detail lives here and in panel-client.ts: a correction after meeting a live panel touches
 * these files only.
 */
import { z } from 'zod';
import { regexes } from 'zod/v4/core';

const DIGITS = /^\s*\d+\s*$/;

/** "12" → 12; anything else unchanged, for the schema to judge. */
function numeric(value: unknown): unknown {
  return typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
}

const TRUE_WORDS = new Set(['true', '1', 'on', 'yes', 'enable', 'enabled']);
const FALSE_WORDS = new Set(['false', '0', 'off', 'no', 'disable', 'disabled', '']);

/** true/1/"true"/"on" → true, false/0/"false"/"off"/null → false; anything else unchanged. */
function flagValue(value: unknown): unknown {
  if (value === null || value === undefined) return false;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : value;
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : value;
}

/** A whole non-negative number from a number or a string of digits, or undefined. */
function toCount(value: unknown): number | undefined {
  const n = numeric(value);
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]/;

/** A real calendar day as YYYY-MM-DD, also from a date-time, or undefined. */
function toDay(value: unknown): string | undefined {
  const day = typeof value === 'string' && value.length > 10 && DATE_TIME.test(value) ? value.slice(0, 10) : value;
  return typeof day === 'string' && regexes.date.test(day) ? day : undefined;
}

const COUNT_ISSUE = 'expected a whole number';
const DAY_ISSUE = 'expected a date YYYY-MM-DD';

// Single transforms (one call per field) rather than preprocess + pipe: about a third of the cost.

/** A whole non-negative number, also written as a string. */
export const count = z.unknown().transform((value, ctx) => toCount(value) ?? (ctx.addIssue({ code: 'custom', message: COUNT_ISSUE, input: value }), z.NEVER));

/** A day as YYYY-MM-DD (a real calendar day), also when the panel sends a date-time. */
export const isoDay = z.unknown().transform((value, ctx) => toDay(value) ?? (ctx.addIssue({ code: 'custom', message: DAY_ISSUE, input: value }), z.NEVER));

const flag = z.preprocess(flagValue, z.boolean({ error: 'expected true or false' }));
const optionalCount = z.preprocess((v) => (v === null || v === '' ? undefined : numeric(v)), count.optional()).transform((v) => v ?? null);
const text = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const optionalText = z.preprocess((v) => (v === null ? undefined : typeof v === 'number' ? String(v) : v), z.string().optional()).transform((v) => v ?? null);

/** "10.0.6.7/32" → "10.0.6.7"; an empty value is absent. */
const ipv4 = z
  .preprocess((v) => (v === null || v === undefined || v === '' ? undefined : typeof v === 'string' ? v.trim().replace(/\/\d{1,2}$/, '') : v), z.ipv4({ error: 'expected an IPv4 address' }).optional())
  .transform((v) => v ?? null);

/** A list that Go may send as null (a nil slice). */
function list<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => v ?? [], z.array(item));
}

/** The first key of `keys` that the object has, for fields published under two names. */
function alias(source: Record<string, unknown>, target: string, ...keys: string[]): void {
  if (source[target] !== undefined) return;
  const key = keys.find((k) => source[k] !== undefined);
  if (key !== undefined) source[target] = source[key];
}

/** Shallow copy with aliases applied; non-objects pass unchanged so the schema names the problem. */
function withAliases(value: unknown, aliases: [string, ...string[]][]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy = { ...(value as Record<string, unknown>) };
  for (const [target, ...keys] of aliases) alias(copy, target, ...keys);
  return copy;
}

/** The success envelope; `data` is parsed separately by the endpoint's own schema and may be absent. */
export const okEnvelopeSchema = z.object({
  result: z.string().refine((r) => r.toUpperCase() === 'OK'),
  message: z.unknown().optional(),
  // absent, e.g. on a DELETE
  data: z.unknown().optional(),
});

/**
 * The error envelope. Field reasons may come as one string or a list; an empty `errors` may come as `[]`
 * (what PHP's json_encode makes of an empty array) or null. Everything is kept as field → one line.
 */
export const errorEnvelopeSchema = z.object({
  result: z.string(),
  message: z.preprocess((v) => (v === null || v === undefined ? '' : v), z.string()),
  errors: z
    .union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
    .nullish()
    .transform((errors): Record<string, string> => {
      const entries = Array.isArray(errors) ? errors.map((why, i) => [String(i), why] as const) : Object.entries(errors ?? {});
      return Object.fromEntries(entries.map(([field, why]) => [field, Array.isArray(why) ? why.map(String).join('; ') : String(why)]));
    }),
});
export type PanelErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** Endpoint 1, `GET /system/status`; a slot is free while count_accounts < count_accounts_available. */
export const systemStatusSchema = z.object({
  version: text.optional().transform((v) => v ?? 'unknown'),
  count_accounts: count,
  count_accounts_available: count,
  /** "running", "OK" or e.g. "Loading (…)" while the panel starts; absent on some versions */
  status: optionalText,
});
export type PanelSystemStatus = z.infer<typeof systemStatusSchema>;

// what a panel says while it cannot take clients yet; any other word (OK, running, ready…) is ready
const NOT_READY = /loading|starting|initiali[sz]|booting|updating|upgrading|maintenance|not ready|stopp|error|fail|down/i;

/**
 * Whether a panel can take new clients, from its `system/status` word.
 * @returns null when ready, else the reason (e.g. 'the panel is still starting ("Loading (3/7)")')
 */
export function notReadyReason(status: PanelSystemStatus): string | null {
  const word = status.status?.trim() ?? '';
  if (word === '' || !NOT_READY.test(word)) return null;
  const starting = /loading|starting|initiali[sz]|booting/i.test(word);
  return starting ? `the panel is still starting ("${word}")` : `the panel reports its status as "${word}"`;
}

/** Endpoint 2, `GET /license`; read only for Test Connection, so nothing in it fails the call. */
export const licenseSchema = z.object({
  key: optionalText.catch(null),
  valid: flag.optional().catch(undefined).transform((v) => v ?? null),
  accounts: optionalCount.catch(null),
  expiration_date: isoDay.optional().catch(undefined).transform((v) => v ?? null),
});
export type PanelLicense = z.infer<typeof licenseSchema>;

const networkObject = z.object({
  name: text,
  description: optionalText.transform((v) => v ?? ''),
  subnet: optionalText.transform((v) => v ?? ''),
  wireguard: flag,
  amneziawg: flag,
  openvpn: flag,
  ikev2: flag,
  bandwidth_download: optionalCount,
  bandwidth_upload: optionalCount,
});

/** A network as endpoints 3 and 4 return it; bandwidth in Mbit/s, 0 = unlimited, null = not reported. */
export const networkSchema = z.preprocess((v) => withAliases(v, [['bandwidth_download', 'b_download'], ['bandwidth_upload', 'b_upload']]), networkObject);
export type PanelNetwork = z.infer<typeof networkSchema>;

/** Endpoint 3: every network, as a list or as an object keyed by network name. */
export const networkListSchema = z.preprocess((v) => {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v) || typeof v !== 'object') return v;
  return Object.entries(v as Record<string, unknown>).map(([name, n]) => (typeof n === 'object' && n !== null && !Array.isArray(n) ? { name, ...n } : n));
}, z.array(networkSchema));

/** Endpoint 5: the free IPv4 addresses of a network, possibly none (prefixes dropped). */
export const availableIpsSchema = list(z.unknown()).transform((items) =>
  items.filter((ip): ip is string => typeof ip === 'string' && ip.trim() !== '').map((ip) => ip.trim().replace(/\/\d{1,2}$/, '')),
);

const STATUS_WORDS: Record<string, 'enable' | 'disable'> = { enable: 'enable', enabled: 'enable', active: 'enable', on: 'enable', disable: 'disable', disabled: 'disable', inactive: 'disable', off: 'disable', suspended: 'disable' };
const clientStatus = z
  .preprocess((v) => (v === null || v === undefined || v === '' ? undefined : typeof v === 'string' ? (STATUS_WORDS[v.trim().toLowerCase()] ?? v) : flagValue(v) === true ? 'enable' : flagValue(v) === false ? 'disable' : v), z.enum(['enable', 'disable'], { error: 'expected enable or disable' }).optional())
  .transform((v) => v ?? null);

/**
 * The VPN client as endpoints 6, 7 and 9 return it; username and password are panel-generated. Only
 * `name` is required (the caller knows the name it asked for); a field that is present must be readable.
 */
export const vpnClientSchema = z.preprocess(
  (v) => withAliases(v, [['network_name', 'network'], ['ipv4', 'allowed_IPs', 'allowed_ips'], ['b_download', 'bandwidth_download'], ['b_upload', 'bandwidth_upload']]),
  z.object({
    name: text,
    network_name: optionalText,
    ipv4,
    username: optionalText,
    password: optionalText,
    status: clientStatus,
    b_download: optionalCount,
    b_upload: optionalCount,
  }),
);
/** A VPN client record of the panel (the panel client class is PanelClient). */
export type PanelVpnClient = z.infer<typeof vpnClientSchema>;

/** Body of `POST /client`; without network_name the panel picks the network itself. */
export interface CreateClientInput {
  name: string;
  network_name?: string;
}

/** Body of `PUT /client/{name}`; bandwidth in Mbit/s, 0 = unlimited. */
export interface UpdateClientInput {
  b_download?: number;
  b_upload?: number;
  status?: 'enable' | 'disable';
}

/** Endpoint 8 answers `data: null`, `{}`, `"success"` or nothing at all: whatever it is, it is ignored. */
export const deletedSchema = z.unknown().transform(() => null);

/** The protocols a panel network can offer. */
export const vpnProtocolSchema = z.enum(['wireguard', 'amneziawg', 'openvpn', 'ikev2']);
export type VpnProtocol = z.infer<typeof vpnProtocolSchema>;

/**
 * One row of endpoint 10. Only `name` decides (which client is online); the rest is shown as sent, and
 * an unknown protocol word is shown as null ("VPN").
 */
export const sessionRowSchema = z.preprocess(
  (v) => withAliases(v, [['ip', 'ipv4', 'allowed_IPs'], ['network', 'network_name', 'wg_name']]),
  z.object({
    name: text,
    protocol: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), vpnProtocolSchema).nullish().catch(null).transform((v) => v ?? null),
    network: optionalText.catch(null).transform((v) => v ?? ''),
    ip: optionalText.catch(null).transform((v) => (v ?? '').replace(/\/\d{1,2}$/, '')),
    endpoint: optionalText.catch(null).transform((v) => v ?? ''),
    latest_handshake: optionalText.catch(null).transform((v) => v ?? ''),
    transfer_rx: optionalCount.catch(null).transform((v) => v ?? 0),
    transfer_tx: optionalCount.catch(null).transform((v) => v ?? 0),
  }),
);
export type PanelSessionRow = z.infer<typeof sessionRowSchema>;

/** `{key: text}` or the text itself, as `data`. */
function wrappedText(key: string, what: string) {
  return z.preprocess((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : v), z.string({ error: `expected the ${what}` }).min(1, `the ${what} is empty`));
}

/** Endpoints 11 and 15: a WireGuard or AmneziaWG `.conf`. */
export const configTextSchema = wrappedText('config', 'config text');

/** Endpoint 13: an OpenVPN `.ovpn` profile. */
export const openvpnProfileSchema = wrappedText('profile', 'OpenVPN profile');

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const IMAGE_DATA_URL = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/** Endpoints 12 and 16: a QR code of the config, normalised to an image data URL (raw base64 is PNG). */
export const qrSchema = wrappedText('qr', 'QR code')
  .transform((qr) => qr.replace(/\s+/g, ''))
  .transform((qr) => (BASE64.test(qr) ? `data:image/${qr.startsWith('/9j/') ? 'jpeg' : 'png'};base64,${qr}` : qr))
  .pipe(z.string().regex(IMAGE_DATA_URL, 'expected a PNG image (a data URL or base64)'));

/** Endpoint 14: a strongSwan `.sswan` profile; keys beyond the documented ones are kept for the app. */
export const ikev2ProfileSchema = z.preprocess(
  (v) => {
    const inner = typeof v === 'object' && v !== null && !Array.isArray(v) && 'profile' in v ? (v as { profile: unknown }).profile : v;
    if (typeof inner !== 'string') return inner;
    try {
      return JSON.parse(inner) as unknown;
    } catch {
      return inner;
    }
  },
  z.looseObject({
    uuid: z.string().optional(),
    name: z.string().optional(),
    type: z.string(),
    remote: z.looseObject({ addr: z.string().min(1), id: z.string().optional(), cert: z.string().optional() }),
    local: z.looseObject({ eap_id: z.string().optional() }).optional(),
  }, { error: 'expected a strongSwan profile object' }),
);
export type PanelIkev2Profile = z.infer<typeof ikev2ProfileSchema>;

/** Endpoint 17: a one-time download link for the client's configs, as `{url}` or the URL itself. */
export const oneTimeLinkSchema = wrappedText('url', 'one-time link').pipe(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }));

/**
 * One day of endpoint 18, absolute bytes; all three fields are billed, so each one must be readable.
 * One transform for the whole row: a v1 panel's months (numbers as strings) come through here.
 */
export const trafficRowSchema = z
  .object({ date: z.unknown(), traffic_download: z.unknown(), traffic_upload: z.unknown() })
  .transform((row, ctx) => {
    const date = toDay(row.date);
    const down = toCount(row.traffic_download);
    const up = toCount(row.traffic_upload);
    if (date !== undefined && down !== undefined && up !== undefined) return { date, traffic_download: down, traffic_upload: up };
    const issue = (field: keyof typeof row, message: string) => ctx.addIssue({ code: 'custom', path: [field], message, input: row[field] });
    if (date === undefined) issue('date', DAY_ISSUE);
    if (down === undefined) issue('traffic_download', COUNT_ISSUE);
    if (up === undefined) issue('traffic_upload', COUNT_ISSUE);
    return z.NEVER;
  });
export type PanelTrafficRow = z.infer<typeof trafficRowSchema>;
/** Endpoint 18: one row per day that has data; null = none. */
export const trafficListSchema = list(trafficRowSchema);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The plain case of endpoint 18 (numbers as numbers, plain days) read by hand: the rows the schema would
 * give, or undefined for anything else, which the schema then reads (or refuses, naming the field). The
 * daily pull reads thousands of months; test/bench/usage-billing.bench.ts prints what this saves.
 * @param data the envelope's `data`, as JSON.parse made it
 */
export function plainTrafficList(data: unknown): PanelTrafficRow[] | undefined {
  if (!Array.isArray(data)) return undefined;
  const rows: PanelTrafficRow[] = [];
  for (const row of data as unknown[]) {
    if (typeof row !== 'object' || row === null) return undefined;
    const { date, traffic_download: down, traffic_upload: up } = row as Record<string, unknown>;
    if (typeof date !== 'string' || !regexes.date.test(date) || !isCount(down) || !isCount(up)) return undefined;
    rows.push({ date, traffic_download: down, traffic_upload: up });
  }
  return rows;
}
