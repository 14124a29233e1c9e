/**
 * The shipped translations as the portal loads them (the host's and puqvpncp's), strict: a unit test
 * that formats or writes a text gets the real Locale, and a missing text throws.
 */
import path from 'node:path';
import { LOCALES_DIR } from '../../server/container.js';
import { PROJECT_ROOT } from '../../server/db/create-db.js';
import { HOST_NAMESPACE, loadTranslations, type Translations } from '../../server/i18n/translations.js';
import type { Locale } from '../../server/plugins/plugin-api.js';

let loaded: Translations | undefined;

/** The translations, loaded once per test process. */
export function testTranslations(): Translations {
  loaded ??= loadTranslations(
    [
      { ns: HOST_NAMESPACE, dir: LOCALES_DIR },
      { ns: 'puqvpncp', dir: path.join(PROJECT_ROOT, 'plugins', 'puqvpncp', 'locales') },
    ],
    { strict: true },
  );
  return loaded;
}

/** A language's locale for a namespace (puqvpncp's by default: most unit tests are of its views). */
export function testLocale(lang = 'en', ns = 'puqvpncp'): Locale {
  return testTranslations().locale(lang, ns);
}
