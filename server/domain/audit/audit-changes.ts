/**
 * What an audit row says changed: the fields that differ between a before and an after (or the fields a
 * request sent, when the handler said nothing more), masked by the one masking.
 */
import { MASK, isSecretKey, maskSecrets } from '../../security/mask-secrets.js';

type Fields = Record<string, unknown>;

const isPlain = (v: unknown): v is Fields => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The changed fields as {field: {from, to}} (nested documents by dotted path), masked.
 * @returns null when nothing differs
 */
export function diffChanges(before: unknown, after: unknown): Fields | null {
  const out: Fields = {};
  const walk = (a: unknown, b: unknown, path: string, depth: number) => {
    if (isPlain(a) && isPlain(b) && depth < 6) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], path ? `${path}.${key}` : key, depth + 1);
      return;
    }
    if (!same(a, b)) out[path || 'value'] = { from: a ?? null, to: b ?? null };
  };
  walk(before, after, '', 0);
  return Object.keys(out).length > 0 ? maskChanges(out) : null;
}

/** The fields a request sent, as {field: {to}}, masked. */
export function sentChanges(body: unknown): Fields | null {
  if (!isPlain(body) || Object.keys(body).length === 0) return null;
  return maskChanges(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, { to: v }])));
}

/**
 * Masks a changes object: a field whose name is a secret's (password, api_token…) keeps only the fact
 * that it changed, whatever its {from, to} wrapping.
 */
export function maskChanges(changes: Fields): Fields {
  const out: Fields = {};
  for (const [field, change] of Object.entries(changes)) {
    const last = field.split('.').pop() ?? field;
    // a secret's field keeps its {from, to} shape, each side masked
    if (isSecretKey(last, ['code']) && isPlain(change)) out[field] = Object.fromEntries(Object.entries(change).map(([k, v]) => [k, v === null || v === '' ? v : MASK]));
    else out[field] = maskSecrets(change);
  }
  return out;
}
