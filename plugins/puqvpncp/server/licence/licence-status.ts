/**
 * The module licence as the rest of the plugin uses it: the product page's status row, the dashboard
 * alert and the refusal of lifecycle actions, all from one cached verdict per key (reference-module §9).
 */
import { AppError } from '../../../../server/errors.js';
import type { ProductRecord } from '../../../../server/plugins/plugin-api.js';
import { LICENCE_ERRORS, verifyLicenceKey, type LicenceCheck } from './licence-token.js';
import { createLicenceCache, parsePublicKeys } from './licence-verifier.js';

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
  status(key: string): LicenceStatus;
  /** @throws AppError 409 with a `licence_*` code when checks are on and the product's key is not valid */
  assertAllowed(product: ProductRecord): void;
  /** The dashboard alert of a product without a valid licence; [] when it is fine or checks are off. */
  alerts(product: ProductRecord): string[];
}

/** The row's text when no public key is configured. */
export const LICENCE_CHECKS_OFF = 'licence checks are off (no LICENSE_PUBLIC_KEY is configured)';

/**
 * Builds the gate from the configured public keys.
 * @param publicKeyText LICENSE_PUBLIC_KEY as configured; empty turns the checks off
 * @throws ConfigError naming every unusable key, so a typo stops start-up instead of refusing every product
 */
export function createLicenceGate(publicKeyText: string, clock: () => Date): LicenceGate {
  const keys = parsePublicKeys(publicKeyText);
  const cache = createLicenceCache((key, now) => verifyLicenceKey(key, keys, now), { clock });
  const enabled = keys.length > 0;
  const check = (product: ProductRecord): LicenceCheck => cache.check(licenceKeyOf(product));
  return {
    enabled,
    status(key) {
      if (!enabled) return { state: 'off', text: LICENCE_CHECKS_OFF };
      const result = cache.check(key);
      if (!result.ok) return { state: 'error', text: `error: ${result.error}` };
      const detail = `licensed to ${result.licensee}${result.product ? ` for ${result.product}` : ''}, valid until ${result.expiresAt.toISOString()}`;
      return { state: 'ok', text: `success: ${result.checkedAt.toISOString()}`, detail };
    },
    assertAllowed(product) {
      if (!enabled) return;
      const result = check(product);
      if (result.ok) return;
      throw new AppError(409, refusalCode(result.error), `The PUQ VPNcp licence of product "${product.name}" is not valid (${result.error}); automatic create, suspend, unsuspend, terminate and change package are stopped until a valid key is saved`);
    },
    alerts(product) {
      if (!enabled) return [];
      const result = check(product);
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
