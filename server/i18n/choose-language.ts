/**
 * Which language a request is answered in: the signed-in customer's choice, else the one a visitor
 * chose on the sign-in page (a cookie), else the best match of Accept-Language, else the installation's
 * default (admin Settings). The admin area stays English.
 */
import type { Request } from 'express';
import type { SettingsReader } from '../domain/settings/company-profile.js';
import { LANGUAGES, shippedLanguage, SOURCE_LANGUAGE } from './languages.js';

/** The cookie a visitor's choice on the sign-in page is kept in (a language code, nothing personal). */
export const LANGUAGE_COOKIE = 'lang';
/** The settings key of the installation's default language. */
export const DEFAULT_LANGUAGE_KEY = 'default_language';

const CODES = LANGUAGES.map((l) => l.code);
// Accept-Language headers repeat: the few each installation sees are negotiated once
const negotiated = new Map<string, string | null>();
const NEGOTIATED_MAX = 500;

/**
 * The shipped language an Accept-Language header prefers ("ru-RU,ru;q=0.9" → "ru").
 * @returns its code, or null when it names none of them
 */
export function acceptedLanguage(req: Request): string | null {
  const header = req.get('accept-language');
  if (!header) return null;
  let code = negotiated.get(header);
  if (code === undefined) {
    const best = req.acceptsLanguages(CODES);
    code = typeof best === 'string' ? (shippedLanguage(best)?.code ?? null) : null;
    if (negotiated.size >= NEGOTIATED_MAX) negotiated.clear();
    negotiated.set(header, code);
  }
  return code;
}

/** The language a visitor chose on the sign-in page, from its cookie. */
export function cookieLanguage(req: Request): string | null {
  const cookie = req.headers.cookie;
  if (!cookie || !cookie.includes(`${LANGUAGE_COOKIE}=`)) return null;
  const m = new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([A-Za-z-]{2,16})`).exec(cookie);
  return m ? (shippedLanguage(m[1])?.code ?? null) : null;
}

/** The installation's default language (admin Settings), English until one is chosen. */
export async function defaultLanguage(settings: SettingsReader): Promise<string> {
  return shippedLanguage(await settings.get(DEFAULT_LANGUAGE_KEY))?.code ?? SOURCE_LANGUAGE;
}

/**
 * Picks the request's language.
 * @param stored the signed-in user's stored choice (null: none yet)
 * @param fallback the installation's default
 * @returns the code, and whether Accept-Language decided it (the answer then varies with that header)
 */
export function chooseLanguage(req: Request, stored: string | null | undefined, fallback: string): { code: string; negotiated: boolean } {
  const chosen = shippedLanguage(stored)?.code ?? cookieLanguage(req);
  if (chosen) return { code: chosen, negotiated: false };
  const accepted = acceptedLanguage(req);
  return accepted ? { code: accepted, negotiated: true } : { code: fallback, negotiated: req.get('accept-language') !== undefined };
}
