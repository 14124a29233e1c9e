/**
 * TRUST_PROXY in the forms Express's `trust proxy` setting takes, minus the one that is never safe:
 * `true` trusts every X-Forwarded-For entry, so any client could name whatever address it likes and the
 * sign-in limits per address would mean nothing. A number of hops or the proxies' own addresses say
 * which entries were written by a proxy of ours.
 */
import proxyAddr from 'proxy-addr';

/** false: no proxy; N: the N nearest hops are our proxies; a list: addresses/subnets of our proxies. */
export type TrustProxy = false | number | string[];

/** Express's names for reserved ranges, accepted in a list as Express accepts them. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Reads a TRUST_PROXY value.
 * @param text the variable's trimmed text ('false' when unset)
 * @returns the setting, or a problem line naming the variable
 */
export function parseTrustProxy(text: string): { value: TrustProxy } | { problem: string } {
  const lower = text.toLowerCase();
  if (['false', 'no', '0'].includes(lower)) return { value: false };
  if (['true', 'yes'].includes(lower)) {
    return { problem: 'TRUST_PROXY: "true" would believe any X-Forwarded-For a client sends; give the number of proxies in front of the portal (e.g. 1) or their addresses (e.g. loopback or 10.0.0.2, 10.1.0.0/16)' };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 32 ? { value: hops } : { problem: 'TRUST_PROXY: a number of proxy hops must be at most 32' };
  }
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const bad = entries.filter((e) => !NAMED_RANGES.has(e.toLowerCase()) && !compiles(e));
  if (entries.length === 0 || bad.length > 0) {
    return { problem: `TRUST_PROXY: ${bad.length > 0 ? `"${bad.join('", "')}" is not` : 'expected'} a number of hops or a comma-separated list of proxy addresses or subnets (e.g. loopback, 10.0.0.2, 10.1.0.0/16)` };
  }
  return { value: entries.map((e) => (NAMED_RANGES.has(e.toLowerCase()) ? e.toLowerCase() : e)) };
}

/** Whether proxy-addr (what Express uses) understands one address or subnet. */
function compiles(entry: string): boolean {
  try {
    proxyAddr.compile(entry);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads METRICS_ALLOW: the addresses or subnets (and Express's named ranges) that may read /metrics
 * without a token, in the same forms as a TRUST_PROXY list.
 * @param text the variable's trimmed text ('' when unset: nobody without the token)
 */
export function parseAllowList(text: string): { value: string[] } | { problem: string } {
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const bad = entries.filter((e) => !NAMED_RANGES.has(e.toLowerCase()) && !compiles(e));
  if (bad.length > 0) return { problem: `METRICS_ALLOW: "${bad.join('", "')}" is not an address or subnet (e.g. loopback, 10.0.0.5, 10.1.0.0/16)` };
  return { value: entries.map((e) => (NAMED_RANGES.has(e.toLowerCase()) ? e.toLowerCase() : e)) };
}
