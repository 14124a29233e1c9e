/**
 * EJS as the app's view engine, with the host's views folder as the root of absolute includes: an
 * include written "/partials/head" is a path, while a relative one makes EJS probe the disk for it
 * (next to the including file, then in each views folder) on every render of every page.
 *
 * When views are cached (every environment but development), a view is compiled once with its plain
 * includes of absolute partials ("<%- include('/partials/head') %>", no data) written into its text:
 * at run time each EJS include copies every local twice and resolves its path again, on every view.
 * Those views are also compiled without EJS's line tracking, a statement per template line that only
 * serves error messages; their errors still name the view. Development keeps real includes and line
 * numbers, so an error points at the file being edited.
 */
import fs from 'node:fs';
import path from 'node:path';
import ejs, { type TemplateFunction } from 'ejs';
import { PROJECT_ROOT } from '../db/create-db.js';

/** The host's own views: the first views folder and the root of "/…" includes. */
export const HOST_VIEWS_DIR = path.join(PROJECT_ROOT, 'views');

interface ViewSettings {
  views?: string | string[];
  'view cache'?: boolean;
}

type RenderDone = (err: unknown, html?: string) => void;

/** An include of an absolute partial with no data of its own: its text can stand in its place. */
const PLAIN_INCLUDE = /<%-\s*include\(\s*(['"])(\/[\w\-/]+)\1\s*\)\s*%>/g;

/** `text` with every plain include replaced by the partial's own text, partials within partials too. */
export function inlinePlainIncludes(text: string, root: string, chain: string[] = []): string {
  return text.replace(PLAIN_INCLUDE, (_match, _quote: string, name: string) => {
    const file = path.join(root, `${name}.ejs`);
    if (chain.includes(file)) throw new Error(`EJS include cycle: ${[...chain, file].join(' → ')}`);
    return inlinePlainIncludes(fs.readFileSync(file, 'utf8'), root, [...chain, file]);
  });
}

/**
 * Builds the engine for app.engine('ejs', …); `views` and `view cache` are read from the app's settings
 * on each render, as EJS itself does when Express calls it.
 */
export function ejsEngine(root: string = HOST_VIEWS_DIR): (file: string, locals: object, done: RenderDone) => void {
  const compiled = new Map<string, TemplateFunction>();
  return (file, locals, done) => {
    const settings = ((locals as { settings?: ViewSettings }).settings ?? {}) as ViewSettings;
    const views = ([] as string[]).concat(settings.views ?? []);
    if (settings['view cache'] !== true) return ejs.renderFile(file, locals, { root, views, cache: false }, done);
    let html: string;
    try {
      let template = compiled.get(file);
      if (!template) {
        template = ejs.compile(inlinePlainIncludes(fs.readFileSync(file, 'utf8'), root), { filename: file, root, views, cache: true, compileDebug: false });
        compiled.set(file, template);
      }
      html = template(locals);
    } catch (err) {
      return done(err);
    }
    done(null, html);
  };
}
