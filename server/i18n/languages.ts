/**
 * The languages the portal ships. Adding one is its file of texts (locales/<code>.json, and the same
 * file in each plugin that has customer texts) plus one line here; the key test then checks it is
 * complete. `code` is a BCP 47 tag: what `<html lang>`, Accept-Language and Intl read.
 */

export interface Language {
  code: string;
  /** the language's own name, as the choosers list it */
  name: string;
  dir: 'ltr' | 'rtl';
}

export const LANGUAGES: readonly Language[] = Object.freeze([
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ru', name: 'Русский', dir: 'ltr' },
  { code: 'uk', name: 'Українська', dir: 'ltr' },
  { code: 'pl', name: 'Polski', dir: 'ltr' },
  { code: 'fa', name: 'فارسی', dir: 'rtl' },
  { code: 'tr', name: 'Türkçe', dir: 'ltr' },
  { code: 'zh-CN', name: '简体中文', dir: 'ltr' },
]);

/** The language every text is written in first, and what a missing text falls back to in production. */
export const SOURCE_LANGUAGE = 'en';

const BY_CODE = new Map(LANGUAGES.map((l) => [l.code.toLowerCase(), l]));

/**
 * The shipped language a code names, case-insensitively.
 * @returns the language, or null for a code the portal does not ship
 */
export function shippedLanguage(code: unknown): Language | null {
  return typeof code === 'string' ? (BY_CODE.get(code.toLowerCase()) ?? null) : null;
}
