/**
 * The module licence as the rest of the plugin uses it: the product page's status row, the dashboard
 * alert and the refusal of lifecycle actions, all from one verdict per key, kept as the original keeps
 * its offline licence cache (reference-module §9): until the licence expires, and a day at most.
 */
import { createPublicKey } from 'node:crypto';
import { ProvisioningRefusedError, type PluginCache, type ProductRecord } from '../../../../server/plugins/plugin-api.js';
import { LICENCE_ERRORS, verifyLicenceKey, type LicenceCheck } from './licence-token.js';

/** What the status row under the licence key field shows. */
export type LicenceStatus =
  | { state: 'off'; text: string }
  | { state: 'ok'; text: string; detail: string }
  | { state: 'error'; text: string };

/** The licence rules of one portal installation. */
export interface LicenceGate {
  /** false when no LICENSE_PUBLIC_KEY is configured: nothing is checked or refused */
  readonly enabled: boolean;
  /** The status row for a key: `success: <ISO time of the check>`, the exact error, or "checks are off". */
  status(key: string): Promise<LicenceStatus>;
  /** @throws ProvisioningRefusedError (409, `licence_*` code) when checks are on and the product's key is not valid */
  assertAllowed(product: ProductRecord): Promise<void>;
  /** The dashboard alert of a product without a valid licence; [] when it is fine or checks are off. */
  alerts(product: ProductRecord): Promise<string[]>;
}

/** The row's text when no public key is configured. */
export const LICENCE_CHECKS_OFF = 'licence checks are off (no LICENSE_PUBLIC_KEY is configured)';

/** Longest a verdict is trusted, whatever the key's expiry: re-checked at least daily, as the original does. */
export const LICENCE_VERDICT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Whether a verdict still holds at `now`: not past the licence's expiry or a day, and not from "the future". */
export function verdictHolds(result: LicenceCheck, now: Date): boolean {
  const at = now.getTime();
  const checked = result.checkedAt.getTime();
  return at >= checked && at < checked + LICENCE_VERDICT_MAX_AGE_MS && (!result.ok || at < result.expiresAt.getTime());
}

/**
 * Builds the gate from the configured public keys.
 * @param publicKeys LICENSE_PUBLIC_KEY as validated at start; none turns the checks off
 * @param clock the host's clock: when a verdict was reached and when it stops holding
 * @param verdicts the host cache the verdicts are kept in (keyed by licence key)
 */
export function createLicenceGate(publicKeys: readonly string[], clock: () => Date, verdicts: PluginCache<LicenceCheck>): LicenceGate {
  const keys = publicKeys.map((k) => createPublicKey(k));
  const enabled = keys.length > 0;
  const check = async (key: string): Promise<LicenceCheck> => {
    const id = key.trim();
    const verify = async () => verifyLicenceKey(id, keys, clock());
    const { value } = await verdicts.get(id, verify);
    if (verdictHolds(value, clock())) return value;
    verdicts.forget(id);
    return (await verdicts.get(id, verify)).value;
  };
  return {
    enabled,
    async status(key) {
      if (!enabled) return { state: 'off', text: LICENCE_CHECKS_OFF };
      const result = await check(key);
      if (!result.ok) return { state: 'error', text: `error: ${result.error}` };
      const detail = `licensed to ${result.licensee}${result.product ? ` for ${result.product}` : ''}, valid until ${result.expiresAt.toISOString()}`;
      return { state: 'ok', text: `success: ${result.checkedAt.toISOString()}`, detail };
    },
    async assertAllowed(product) {
      if (!enabled) return;
      const result = await check(licenceKeyOf(product));
      if (result.ok) return;
      throw new ProvisioningRefusedError(`The PUQ VPNcp licence of product "${product.name}" is not valid (${result.error}); automatic create, suspend, unsuspend, terminate and change package are stopped until a valid key is saved`, refusalCode(result.error));
    },
    async alerts(product) {
      if (!enabled) return [];
      const result = await check(licenceKeyOf(product));
      return result.ok ? [] : [`PUQ VPNcp licence: ${result.error}. Create, suspend, unsuspend, terminate and change package are refused for this product.`];
    },
  };
}

/** The key stored in the product's settings; a document without one counts as "no key". */
function licenceKeyOf(product: ProductRecord): string {
  const config = product.config as { license_key?: unknown } | null;
  return typeof config?.license_key === 'string' ? config.license_key : '';
}

/** A stable code per cause, so an API caller can tell "enter a key" from "renew it" from "wrong key". */
function refusalCode(error: string): string {
  if (error === LICENCE_ERRORS.missing) return 'licence_missing';
  if (error.startsWith('licence expired')) return 'licence_expired';
  return 'licence_invalid';
}
