/**
 * The shipped language files are complete and tidy: each language of LANGUAGES has a file in every
 * namespace (the host's and each plugin's) with exactly the English keys (plural keys with exactly the
 * language's plural forms) and the same {{placeholders}}; every key the views and the code name exists;
 * and no file carries a key nothing uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../../../../server/db/create-db.js';
import { LANGUAGES, SOURCE_LANGUAGE } from '../../../../server/i18n/languages.js';
import { HOST_NAMESPACE, loadTranslations } from '../../../../server/i18n/translations.js';

const NAMESPACES = [
  { ns: HOST_NAMESPACE, dir: path.join(PROJECT_ROOT, 'locales'), sources: ['server', 'views'] },
  { ns: 'puqvpncp', dir: path.join(PROJECT_ROOT, 'plugins', 'puqvpncp', 'locales'), sources: ['plugins/puqvpncp/server', 'plugins/puqvpncp/views', 'plugins/puqvpncp/index.ts'] },
];
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Texts = Record<string, string>;

function flatten(value: unknown, prefix = '', out: Texts = {}): Texts {
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== null && typeof v === 'object') flatten(v, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = String(v);
  }
  return out;
}

const read = (dir: string, lang: string): Texts => flatten(JSON.parse(fs.readFileSync(path.join(dir, `${lang}.json`), 'utf8')));
const base = (key: string) => key.replace(PLURAL, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function filesUnder(rel: string): string[] {
  const full = path.join(PROJECT_ROOT, rel);
  if (fs.statSync(full).isFile()) return [full];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(rel, d.name)) : /\.(ts|ejs)$/.test(d.name) ? [path.join(full, d.name)] : []));
}

/** The keys a file names: literal strings that look like keys, and the prefixes of built ones. */
function keysNamed(file: string, defaultNs: string) {
  const text = fs.readFileSync(file, 'utf8');
  const literal = new Map<string, Set<string>>();
  const prefixes = new Map<string, Set<string>>();
  const called = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, raw: string) => {
    const at = raw.indexOf(':');
    const [ns, key] = at > 0 ? [raw.slice(0, at), raw.slice(at + 1)] : [defaultNs, raw];
    if (!map.has(ns)) map.set(ns, new Set());
    map.get(ns)?.add(key);
  };
  for (const m of text.matchAll(/['"`]((?:[a-z]+:)?[A-Za-z]\w*(?:\.\w+)+)['"`]/g)) add(literal, m[1]);
  for (const m of text.matchAll(/['"`]((?:[a-z]+:)?[A-Za-z]\w*(?:\.\w+)*\.)(?:['"]\s*\+|\$\{)/g)) add(prefixes, m[1]);
  for (const m of text.matchAll(/\bt\(\s*['"]([^'"]+)['"]\s*[,)]/g)) add(called, m[1]);
  return { literal, prefixes, called };
}

describe('language files', () => {
  for (const { ns, dir } of NAMESPACES) {
    const english = read(dir, SOURCE_LANGUAGE);
    for (const { code } of LANGUAGES.filter((l) => l.code !== SOURCE_LANGUAGE)) {
      it(`${ns}: ${code} has every English text, no other, in the language's plural forms and with the same placeholders`, () => {
        const texts = read(dir, code);
        const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories.map((c) => `_${c}`).sort();
        const expected = new Set<string>();
        for (const key of Object.keys(english)) {
          if (PLURAL.test(key)) for (const c of categories) expected.add(base(key) + c);
          else expected.add(key);
        }
        expect(Object.keys(texts).filter((k) => !expected.has(k)), 'keys English does not have (or plural forms the language does not use)').to.deep.equal([]);
        expect([...expected].filter((k) => !(k in texts)), 'keys missing').to.deep.equal([]);
        for (const [key, text] of Object.entries(texts)) {
          const source = english[key] ?? english[`${base(key)}_other`];
          expect(placeholders(text), `${code} ${key}`).to.deep.equal(placeholders(source));
          expect(text.trim(), `${code} ${key} is empty`).to.not.equal('');
        }
      });
    }
  }

  it('has every key the views and the code write, and no key that nothing uses', () => {
    const literal = new Map<string, Set<string>>();
    const prefixes = new Map<string, Set<string>>();
    const called = new Map<string, Set<string>>();
    const merge = (into: Map<string, Set<string>>, from: Map<string, Set<string>>) => {
      for (const [ns, keys] of from) for (const k of keys) (into.get(ns) ?? into.set(ns, new Set()).get(ns))?.add(k);
    };
    for (const { ns, sources } of NAMESPACES) {
      for (const file of sources.flatMap(filesUnder)) {
        // a view writes with the page's t, whose own texts are the host's; a plugin's code with its locale
        const found = keysNamed(file, file.endsWith('.ejs') ? HOST_NAMESPACE : ns);
        merge(literal, found.literal);
        merge(prefixes, found.prefixes);
        merge(called, found.called);
      }
    }
    const missing: string[] = [];
    const stray: string[] = [];
    for (const { ns, dir } of NAMESPACES) {
      const keys = new Set(Object.keys(read(dir, SOURCE_LANGUAGE)).map(base));
      for (const key of called.get(ns) ?? []) if (!keys.has(key) && ![...keys].some((k) => k.startsWith(`${key}.`))) missing.push(`${ns}:${key}`);
      // errors.<code> is looked up in every namespace by the error handler
      const dynamic = [...(prefixes.get(ns) ?? []), 'errors.'];
      const used = (key: string) => literal.get(ns)?.has(key) || dynamic.some((p) => key.startsWith(p));
      for (const key of keys) if (!used(key)) stray.push(`${ns}:${key}`);
    }
    expect(missing, 'keys written but in no language file').to.deep.equal([]);
    expect(stray, 'keys no view or code uses').to.deep.equal([]);
  });

  it('throws on a missing text when strict and falls back to English otherwise', () => {
    const sources = NAMESPACES.map(({ ns, dir }) => ({ ns, dir }));
    const strict = loadTranslations(sources, { strict: true });
    expect(() => strict.locale('ru').t('layout.nothing')).to.throw(/missing text "portal:layout.nothing" in language ru/);
    const told: string[] = [];
    const lenient = loadTranslations(sources, { strict: false, onMissing: (key, lang) => told.push(`${lang} ${key}`) });
    expect(lenient.locale('fa').t('layout.signOut')).to.equal('خروج');
    expect(lenient.locale('ru').t('layout.nothing')).to.equal('layout.nothing');
    expect(told).to.deep.equal(['ru portal:layout.nothing']);
    expect(lenient.locale('xx').lang).to.equal('en');
  });
});
