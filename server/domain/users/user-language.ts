/**
 * A user's language: chosen on /account or on the sign-in page, stored on the account, read by every
 * page and by the mails sent to them.
 */
import { ValidationError } from '../../errors.js';
import { shippedLanguage } from '../../i18n/languages.js';
import type { DomainDeps } from '../deps.js';

/**
 * The shipped language a form names.
 * @throws ValidationError (language) for anything else
 */
export function parseLanguage(value: unknown): string {
  const language = shippedLanguage(value);
  if (!language) throw new ValidationError({ language: 'Choose one of the languages listed' });
  return language.code;
}

/**
 * Stores the user's language.
 * @param code a shipped language's code (parseLanguage)
 */
export async function changeLanguage(deps: DomainDeps, userId: number, code: string): Promise<void> {
  await deps.repos.users.update(userId, { language: code });
}
