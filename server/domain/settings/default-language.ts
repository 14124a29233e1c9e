/**
 * The installation's default language (admin Settings): what a customer who has chosen none reads when
 * their browser names no shipped language, and what mails to them are written in.
 */
import { DEFAULT_LANGUAGE_KEY, defaultLanguage } from '../../i18n/choose-language.js';
import type { DomainDeps } from '../deps.js';
import { parseLanguage } from '../users/user-language.js';

/** The default language's code ("en" until one is chosen). */
export function readDefaultLanguage(deps: DomainDeps): Promise<string> {
  return defaultLanguage(deps.repos.settings);
}

/**
 * Stores the default language.
 * @throws ValidationError (language) for a language the portal does not ship
 */
export async function saveDefaultLanguage(deps: DomainDeps, value: unknown): Promise<string> {
  const code = parseLanguage(value);
  await deps.repos.settings.set(DEFAULT_LANGUAGE_KEY, code);
  return code;
}
