/**
 * The plugin's own settings, read from the environment by validateConfig when the portal starts: the
 * licence public keys (LICENSE_PUBLIC_KEY). The host knows nothing of them.
 */
import type { PluginEnv } from '../../../server/plugins/plugin-api.js';
import { parsePublicKeys } from './licence/licence-verifier.js';

/** What the plugin runs with. */
export interface PuqVpncpConfig {
  /** Ed25519 public keys (SPKI PEM) that product licence keys are verified with; none = licence checks are off */
  licencePublicKeys: string[];
}

/**
 * Reads and checks the plugin's variables.
 * @throws ConfigError naming LICENSE_PUBLIC_KEY for every unusable key, so a typo stops start-up instead
 *   of refusing every product
 */
export function readPluginConfig(env: PluginEnv): PuqVpncpConfig {
  return { licencePublicKeys: parsePublicKeys(env.LICENSE_PUBLIC_KEY?.trim() ?? '') };
}
