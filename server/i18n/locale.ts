/**
 * A language as a page or a mail writes it (part of the plugin interface, re-exported by plugin-api.ts):
 * its texts and its ways of writing numbers, bytes, money and dates (Intl). A plugin's locale reads the
 * plugin's own texts (its locales/<language>.json, registered with host.translations); "portal:<key>"
 * reaches a host text.
 */
import type { Formats } from './formats.js';

export type { Formats } from './formats.js';

/** The values a text is written with: `{{name}}` in the text; `count` also picks the plural form. */
export type TextValues = Record<string, string | number>;

export interface Locale extends Formats {
  /** BCP 47 code, e.g. "ru", "fa", "zh-CN": what `<html lang>` says */
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  /** the text of `key` (dots walk the JSON's objects) in this language */
  t(key: string, values?: TextValues): string;
}
