/**
 * The product settings document of the puqvpncp module (admin-api.md "Product config"): its zod schema,
 * its defaults and the parse that turns every problem into a field message for a 422.
 */
import { z } from 'zod';
import { defaultQuotaSettings, quotaSettingsSchema, ValidationError, type MeteredMetric } from '../../../server/plugins/plugin-api.js';
import { DEFAULT_CLIENT_NAME_RULE, clientNameRuleProblem, isValidPanelName } from './client-name.js';

/** Highest per-client cap the panel accepts, in Mbit/s (panel docs: max bandwidth 10000). */
export const MAX_BANDWIDTH_MBPS = 10000;

/**
 * A price per GB: a plain decimal with at most 4 decimals, no sign, exponent or leading zeros. The host's
 * money code accepts the same form; it is repeated here because a plugin imports only the plugin API.
 */
export const PRICE_PER_GB = /^(0|[1-9][0-9]{0,8})(\.[0-9]{1,4})?$/;

/** An error function that says "is required" for a missing key and `wrong` for any other bad type. */
const typed = (wrong: string) => ({ error: (iss: { input?: unknown }) => (iss.input === undefined ? 'is required' : wrong) });

const mbps = z.int(typed('must be a whole number of Mbit/s'))
  .min(0, `must be between 0 and ${MAX_BANDWIDTH_MBPS} Mbit/s (0 = unlimited)`)
  .max(MAX_BANDWIDTH_MBPS, `must be between 0 and ${MAX_BANDWIDTH_MBPS} Mbit/s (0 = unlimited)`);

const metric = z.strictObject({
  enabled: z.boolean(typed('must be true or false')),
  price_per_gb: z.string(typed('must be a decimal string such as "0.05"'))
    .regex(PRICE_PER_GB, 'must be a decimal such as "0.05": not negative, at most 4 decimals, no exponent'),
  included_gb: z.int(typed('must be a whole number of GB')).min(0, 'must not be negative'),
});

const pair = z.strictObject({
  server_id: z.int(typed('must be a server id')).positive('must be a server id'),
  network: z.string(typed('must be a network name'))
    .refine(isValidPanelName, 'must be a network name of 1–64 letters, digits, "_" or "-"'),
});

/** The schema of the whole document; every object is strict, so an unknown key is a 422 naming it. */
export const productConfigSchema = z.strictObject({
  license_key: z.string(typed('must be text')).max(4096, 'is too long'),
  bandwidth: z.strictObject({ download_mbps: mbps, upload_mbps: mbps }),
  client_name_rule: z.string(typed('must be text')).superRefine((rule, ctx) => {
    const problem = clientNameRuleProblem(rule);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  }),
  instruction_url: z.string(typed('must be text')).max(2048, 'is too long')
    .refine(isHttpUrlOrEmpty, 'must be empty or an http:// or https:// address'),
  show_password: z.enum(['button', 'plain', 'no'], typed('must be one of button, plain, no')),
  welcome_email: z.boolean(typed('must be true or false')),
  networks: z.array(pair, typed('must be a list of {server_id, network} pairs')).max(500, 'has too many pairs')
    .superRefine((pairs, ctx) => {
      // The same pair twice would only be probed twice; refuse it so the order shown is the order used.
      const seen = new Map<string, number>();
      pairs.forEach((p, i) => {
        const key = `${p.server_id}\u0000${p.network}`;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else ctx.addIssue({ code: 'custom', path: [i], message: `repeats networks.${first} (server ${p.server_id}, ${p.network})` });
      });
    }),
  metrics: z.strictObject({ download: metric, upload: metric }),
  // added after the first products were saved: a document without it has no quota
  quota: quotaSettingsSchema.default(defaultQuotaSettings),
});

/** The validated product settings document. */
export type ProductConfig = z.infer<typeof productConfigSchema>;

/** Empty, or an absolute http/https URL with a host. */
function isHttpUrlOrEmpty(value: string): boolean {
  if (value === '') return true;
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/**
 * The settings of a new product: no caps (0 = unlimited, the panel's own default), the original module's
 * name rule, no ticked pairs (the panel decides) and metric billing off.
 * @returns a fresh document the caller may mutate
 */
export function defaultProductConfig(): ProductConfig {
  const off = { enabled: false, price_per_gb: '0', included_gb: 0 };
  return {
    license_key: '',
    bandwidth: { download_mbps: 0, upload_mbps: 0 },
    client_name_rule: DEFAULT_CLIENT_NAME_RULE,
    instruction_url: '',
    show_password: 'button',
    welcome_email: false,
    networks: [],
    metrics: { download: { ...off }, upload: { ...off } },
    quota: defaultQuotaSettings(),
  };
}

/**
 * Validates a complete settings document (the PUT body): every key is required, none may be unknown.
 * @returns the document, typed
 * @throws ValidationError whose `fields` map dotted paths (`networks.1.network`) to messages
 */
export function parseProductConfig(raw: unknown): ProductConfig {
  const result = productConfigSchema.safeParse(raw, {
    error: (iss) => (iss.input === undefined ? 'is required' : undefined),
  });
  if (result.success) return result.data;
  // A Map, not an object literal: a JSON key named "__proto__" must still come out as a field.
  const fields = new Map<string, string>();
  for (const issue of result.error.issues) {
    // An unknown key is reported on its parent; name the key itself so the form can point at it.
    const entries = issue.code === 'unrecognized_keys'
      ? issue.keys.map((k) => [[...issue.path, k].join('.'), 'is not a known setting'] as const)
      : [[issue.path.join('.') || 'config', issue.path.length === 0 ? 'must be a settings object' : issue.message] as const];
    for (const [field, message] of entries) if (!fields.has(field)) fields.set(field, message);
  }
  throw new ValidationError(Object.fromEntries(fields), 'The product settings are invalid');
}

/**
 * Fills a partial document (product creation, where config is optional) from the defaults, then validates it.
 * Objects merge key by key; `networks` is replaced as a whole; unknown keys survive the merge and are refused.
 * @throws ValidationError as parseProductConfig
 */
export function mergeWithDefaults(partial: unknown): ProductConfig {
  if (partial === undefined || partial === null) return defaultProductConfig();
  return parseProductConfig(deepMerge(defaultProductConfig(), partial));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  // defineProperty keeps a JSON "__proto__" key an own (and therefore refused) key instead of a prototype.
  for (const [k, v] of Object.entries(over)) {
    const value = deepMerge(Object.hasOwn(base, k) ? base[k] : undefined, v);
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The product's metrics in the shape the host's UsageMeter contract speaks.
 * @returns download and upload metrics with camelCase keys
 */
export function meteredMetrics(config: ProductConfig): { download: MeteredMetric; upload: MeteredMetric } {
  const of = (m: ProductConfig['metrics']['download']): MeteredMetric =>
    ({ enabled: m.enabled, pricePerGb: m.price_per_gb, includedGb: m.included_gb });
  return { download: of(config.metrics.download), upload: of(config.metrics.upload) };
}
