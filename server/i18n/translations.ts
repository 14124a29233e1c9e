/**
 * The portal's texts in every shipped language, with i18next and its file-system backend: each
 * namespace (the host's "portal", then one per plugin that registers texts) is a folder of
 * <language>.json files, read synchronously once, when the composition root builds the portal; no
 * request ever reads a file or waits for a load.
 *
 * A page calls its Locale's `t` dozens of times, so each text is resolved once and then answered from a
 * per-language map: a text without values is i18next's answer kept; a text with values is its template
 * (the plural form Intl.PluralRules picks for `count`, as i18next names them: key_one, key_few…)
 * compiled once into its parts, because i18next's own t() with values costs a hundred times more than a
 * page can afford per text. Only `{{name}}` placeholders are used. A key missing in a language throws
 * when `strict` (every test runs so, so a missing text fails the test that renders it); in production
 * it falls back to English.
 */
import path from 'node:path';
import i18next, { type i18n } from 'i18next';
import FsBackend from 'i18next-fs-backend';
import { formatsFor } from './formats.js';
import { LANGUAGES, SOURCE_LANGUAGE, shippedLanguage, type Language } from './languages.js';
import type { Locale, TextValues } from './locale.js';

type Template = (values: TextValues) => string;

/** A text's template as a function of its values: literal parts and `{{name}}` slots, split once. */
function compile(text: string): Template {
  const parts = text.split(/\{\{\s*(\w+)\s*\}\}/);
  if (parts.length === 1) return () => text;
  return (values) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += String(values[parts[i]] ?? '') + parts[i + 1];
    return out;
  };
}

/** The host's namespace; a plugin's is its id. */
export const HOST_NAMESPACE = 'portal';

/** A namespace and the folder of its <language>.json files. */
export interface TextSource {
  ns: string;
  dir: string;
}

/** Every language's texts and formats. */
export interface Translations {
  readonly languages: readonly Language[];
  /**
   * The locale of a language for a namespace (the host's by default); keys of another namespace are
   * reached as "<ns>:<key>".
   * @param lang a shipped language's code; anything else gets the source language
   */
  locale(lang: string, ns?: string): Locale;
  /**
   * A customer's text for an error code, from the host's `errors.<code>` or else a plugin's.
   * @returns the text, or null when no namespace has one
   */
  errorText(locale: Locale, code: string): string | null;
  /** The texts of a namespace in a language as they were loaded (for the key test). */
  resources(lang: string, ns: string): Record<string, unknown>;
}

/**
 * Loads every namespace in every shipped language.
 * @param sources the host's folder first, then each plugin's
 * @param options.strict a missing key throws instead of falling back to English (tests)
 * @param options.onMissing told once per missing key outside strict mode (a log line)
 */
export function loadTranslations(sources: readonly TextSource[], options: { strict: boolean; onMissing?: (key: string, lang: string) => void }): Translations {
  const dirs = new Map(sources.map((s) => [s.ns, s.dir]));
  const engine: i18n = i18next.createInstance();
  engine.use(FsBackend).init({
    // synchronous: the backend reads the files with readFileSync before init() returns
    initAsync: false,
    lng: SOURCE_LANGUAGE,
    fallbackLng: SOURCE_LANGUAGE,
    supportedLngs: LANGUAGES.map((l) => l.code),
    preload: LANGUAGES.map((l) => l.code),
    load: 'currentOnly',
    ns: [...dirs.keys()],
    defaultNS: HOST_NAMESPACE,
    // EJS escapes what a view writes; escaping here as well would show "&amp;" on the page
    interpolation: { escapeValue: false },
    returnNull: false,
    // start-up prints nothing but the portal's own log lines
    showSupportNotice: false,
    backend: { loadPath: (lng: string, ns: string) => path.join(dirs.get(ns) ?? '', `${lng}.json`) },
  });
  const locales = new Map<string, Locale>();
  const reported = new Set<string>();

  const has = (lang: string, ns: string, key: string, values?: TextValues) => {
    if (engine.getResource(lang, ns, key) !== undefined) return true;
    return values !== undefined && 'count' in values && engine.getResource(lang, ns, `${key}_other`) !== undefined;
  };

  const build = (language: Language, ns: string): Locale => {
    const lang = language.code;
    const fixed = engine.getFixedT(lang, ns);
    const plain = new Map<string, string>();
    const templates = new Map<string, Template>();
    const plurals = new Intl.PluralRules(lang);
    // PluralRules.select costs microseconds; the counts pages show repeat
    const forms = new Map<number, string>();
    const formOf = (count: number) => {
      let form = forms.get(count);
      if (form === undefined) {
        form = plurals.select(count);
        if (forms.size < 1000) forms.set(count, form);
      }
      return form;
    };
    // the text of one form of a key, in this language or else in English (checked before, when strict)
    const raw = (keyNs: string, key: string): string | undefined => {
      for (const lng of [lang, SOURCE_LANGUAGE]) {
        const text = engine.getResource(lng, keyNs, key) as unknown;
        if (typeof text === 'string') return text;
      }
      return undefined;
    };
    const template = (key: string, form: string): Template => {
      const id = form ? `${key}\u0000${form}` : key;
      let compiled = templates.get(id);
      if (!compiled) {
        const [keyNs, bare] = split(key);
        const text = (form ? (raw(keyNs, `${bare}_${form}`) ?? raw(keyNs, `${bare}_other`)) : undefined) ?? raw(keyNs, bare) ?? bare;
        templates.set(id, (compiled = compile(text)));
      }
      return compiled;
    };
    const split = (key: string): [string, string] => {
      const at = key.indexOf(':');
      return at > 0 && dirs.has(key.slice(0, at)) ? [key.slice(0, at), key.slice(at + 1)] : [ns, key];
    };
    const check = (key: string, values?: TextValues) => {
      const [keyNs, bare] = split(key);
      if (has(lang, keyNs, bare, values)) return;
      if (options.strict) throw new Error(`missing text "${keyNs}:${bare}" in language ${lang} (locales/${lang}.json)`);
      if (!reported.has(`${lang}:${keyNs}:${bare}`)) {
        reported.add(`${lang}:${keyNs}:${bare}`);
        options.onMissing?.(`${keyNs}:${bare}`, lang);
      }
    };
    const checked = new Set<string>();
    return {
      lang,
      dir: language.dir,
      ...formatsFor(lang),
      t(key, values) {
        if (values === undefined) {
          let text = plain.get(key);
          if (text === undefined) {
            check(key);
            text = fixed(key);
            plain.set(key, text);
          }
          return text;
        }
        if (!checked.has(key)) {
          check(key, values);
          checked.add(key);
        }
        const count = values.count;
        return template(key, typeof count === 'number' ? formOf(count) : '')(values);
      },
    };
  };

  return {
    languages: LANGUAGES,
    locale(lang, ns = HOST_NAMESPACE) {
      const language = shippedLanguage(lang) ?? (shippedLanguage(SOURCE_LANGUAGE) as Language);
      const id = `${language.code}|${ns}`;
      let locale = locales.get(id);
      if (!locale) locales.set(id, (locale = build(language, ns)));
      return locale;
    },
    errorText(locale, code) {
      for (const ns of dirs.keys()) if (engine.getResource(locale.lang, ns, `errors.${code}`) !== undefined) return locale.t(`${ns}:errors.${code}`);
      return null;
    },
    resources: (lang, ns) => (engine.getResourceBundle(lang, ns) as Record<string, unknown> | undefined) ?? {},
  };
}
