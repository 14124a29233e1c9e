/**
 * The settings panel's HTML form and the product settings document, both ways. Inputs are named by their
 * dotted path in the document, so a ValidationError's field names land beside the inputs they are about;
 * the mapping only reshapes, the product config schema alone decides what is valid.
 */
import type { PlacementPair } from '../network-selection.js';
import type { ProductConfig } from '../product-config.js';

/** What the form holds: what the admin typed, kept verbatim for a re-render. */
export interface SettingsForm {
  /** text inputs and selects by dotted path; checkboxes as "on" or "" */
  values: Record<string, string>;
  /** ticked server→network pairs as "<server id>:<network>", first = preferred */
  pairs: string[];
}

const TEXT_FIELDS = [
  'license_key', 'bandwidth.download_mbps', 'bandwidth.upload_mbps', 'client_name_rule', 'instruction_url', 'show_password',
  'metrics.download.price_per_gb', 'metrics.download.included_gb', 'metrics.upload.price_per_gb', 'metrics.upload.included_gb',
  'quota.monthly_gb', 'quota.counts', 'quota.action', 'quota.throttle_mbps', 'quota.warn_percent',
] as const;
const CHECKBOXES = ['welcome_email', 'metrics.download.enabled', 'metrics.upload.enabled'] as const;

/** The form value of one pair. */
export function pairValue(pair: PlacementPair): string {
  return `${pair.server_id}:${pair.network}`;
}

/**
 * Splits a pair value at its first colon; a server id that is not digits stays text so the schema names it.
 * @returns the pair in the document's shape
 */
export function parsePairValue(value: string): { server_id: number | string; network: string } {
  const at = value.indexOf(':');
  const id = at < 0 ? value : value.slice(0, at);
  return { server_id: /^\d{1,9}$/.test(id) ? Number(id) : id, network: at < 0 ? '' : value.slice(at + 1) };
}

/** The form as a saved document shows it. */
export function formFromConfig(config: ProductConfig): SettingsForm {
  const on = (b: boolean) => (b ? 'on' : '');
  const { download, upload } = config.metrics;
  const { quota } = config;
  return {
    values: {
      license_key: config.license_key,
      'bandwidth.download_mbps': String(config.bandwidth.download_mbps),
      'bandwidth.upload_mbps': String(config.bandwidth.upload_mbps),
      client_name_rule: config.client_name_rule,
      instruction_url: config.instruction_url,
      show_password: config.show_password,
      welcome_email: on(config.welcome_email),
      'metrics.download.enabled': on(download.enabled),
      'metrics.download.price_per_gb': download.price_per_gb,
      'metrics.download.included_gb': String(download.included_gb),
      'metrics.upload.enabled': on(upload.enabled),
      'metrics.upload.price_per_gb': upload.price_per_gb,
      'metrics.upload.included_gb': String(upload.included_gb),
      'quota.monthly_gb': String(quota.monthly_gb),
      'quota.counts': quota.counts,
      'quota.action': quota.action,
      'quota.throttle_mbps': String(quota.throttle_mbps),
      'quota.warn_percent': String(quota.warn_percent),
    },
    pairs: config.networks.map(pairValue),
  };
}

/**
 * Reads a posted form. Pairs come from the ticks (checkboxes, or hidden inputs for servers that could not be
 * asked) in the order list's order; a tick missing from the order list (no JavaScript) goes last.
 */
export function formFromBody(body: unknown): SettingsForm {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const name of TEXT_FIELDS) values[name] = first(b[name]);
  for (const name of CHECKBOXES) values[name] = first(b[name]) === '' ? '' : 'on';
  const ticked = new Set(all(b.pair));
  const pairs: string[] = [];
  for (const value of [...all(b.order).filter((v) => ticked.has(v)), ...ticked]) if (!pairs.includes(value)) pairs.push(value);
  return { values, pairs };
}

/** The settings document a form stands for, for the product config schema to judge. */
export function documentFromForm(form: SettingsForm): unknown {
  const v = form.values;
  const metric = (m: 'download' | 'upload') => ({
    enabled: v[`metrics.${m}.enabled`] === 'on',
    price_per_gb: v[`metrics.${m}.price_per_gb`].trim(),
    included_gb: whole(v[`metrics.${m}.included_gb`]),
  });
  return {
    // a key pasted from an email often carries a line break; it is never part of the token
    license_key: v.license_key.trim(),
    bandwidth: { download_mbps: whole(v['bandwidth.download_mbps']), upload_mbps: whole(v['bandwidth.upload_mbps']) },
    client_name_rule: v.client_name_rule,
    instruction_url: v.instruction_url.trim(),
    show_password: v.show_password,
    welcome_email: v.welcome_email === 'on',
    networks: form.pairs.map(parsePairValue),
    metrics: { download: metric('download'), upload: metric('upload') },
    quota: {
      monthly_gb: whole(v['quota.monthly_gb']),
      counts: v['quota.counts'],
      action: v['quota.action'],
      throttle_mbps: whole(v['quota.throttle_mbps']),
      warn_percent: whole(v['quota.warn_percent']),
    },
  };
}

/** A number for numeric text (the schema then judges "whole" and range), nothing for blank, the text otherwise. */
function whole(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^[+-]?\d{1,15}(\.\d+)?$/.test(t) ? Number(t) : t;
}

function first(v: unknown): string {
  const value = Array.isArray(v) ? v[0] : v;
  return typeof value === 'string' ? value : '';
}

function all(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
}
