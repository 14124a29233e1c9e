/**
 * The plugin's own settings, read from the environment by validateConfig when the portal starts: the
 * licence public keys (LICENSE_PUBLIC_KEY) and the most a panel may send per kind of answer
 * (PANEL_ANSWER_LIMITS). The host knows nothing of them.
 */
import { ConfigError, type PluginEnv } from '../../../server/plugins/plugin-api.js';
import { parsePublicKeys } from './licence/licence-verifier.js';
import { DEFAULT_ANSWER_LIMITS, parseAnswerLimits, type AnswerLimits } from './panel/answer-limits.js';

/** What the plugin runs with. */
export interface PuqVpncpConfig {
  /** Ed25519 public keys (SPKI PEM) that product licence keys are verified with; none = licence checks are off */
  licencePublicKeys: string[];
  /** the largest answer read from a panel, per kind */
  answerLimits: AnswerLimits;
}

/**
 * Reads and checks the plugin's variables, reporting every bad one at once.
 * @throws ConfigError naming LICENSE_PUBLIC_KEY for every unusable key (so a typo stops start-up instead
 *   of refusing every product) and PANEL_ANSWER_LIMITS for every unreadable limit
 */
export function readPluginConfig(env: PluginEnv): PuqVpncpConfig {
  const problems: string[] = [];
  const read = <T>(parse: () => T, fallback: T): T => {
    try {
      return parse();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return fallback;
    }
  };
  const licencePublicKeys = read(() => parsePublicKeys(env.LICENSE_PUBLIC_KEY?.trim() ?? ''), []);
  const answerLimits = read(() => parseAnswerLimits(env.PANEL_ANSWER_LIMITS), DEFAULT_ANSWER_LIMITS);
  if (problems.length > 0) throw new ConfigError(problems);
  return { licencePublicKeys, answerLimits };
}
