/**
 * EJS as the app's view engine, with the host's views folder as the root of absolute includes: an
 * include written "/partials/head" is a path, while a relative one makes EJS probe the disk for it
 * (next to the including file, then in each views folder) on every render of every page.
 *
 * When views are cached (every environment but development), a view and everything it includes is
 * compiled once from its rewritten text (view-text.ts: plain partials written in, locals declared, no
 * `with`) and without EJS's line tracking, a statement per template line that only serves error
 * messages; errors still name the view. Development compiles the files as written, so an error points at
 * the line being edited.
 */
import fs from 'node:fs';
import path from 'node:path';
import ejs, { type TemplateFunction } from 'ejs';
import { PROJECT_ROOT } from '../db/create-db.js';
import { localsDeclared, plainIncludesInlined } from './view-text.js';

/** The host's own views: the first views folder and the root of "/…" includes. */
export const HOST_VIEWS_DIR = path.join(PROJECT_ROOT, 'views');

interface ViewSettings {
  views?: string | string[];
  'view cache'?: boolean;
}

type RenderDone = (err: unknown, html?: string) => void;

/**
 * Builds the engine for app.engine('ejs', …); `views` and `view cache` are read from the app's settings
 * on each render, as EJS itself does when Express calls it.
 */
export function ejsEngine(root: string = HOST_VIEWS_DIR): (file: string, locals: object, done: RenderDone) => void {
  const texts = new Map<string, string>();
  const compiled = new Map<string, TemplateFunction>();
  const rewritten = (file: string): string => {
    let text = texts.get(file);
    if (text === undefined) {
      text = localsDeclared(plainIncludesInlined(fs.readFileSync(file, 'utf8'), root));
      texts.set(file, text);
    }
    return text;
  };
  // EJS asks on every include; it compiles the answer once, keyed by file, as the cache option says
  const includer = (_asWritten: string, file: string) => ({ template: rewritten(file) });
  return (file, locals, done) => {
    const settings = ((locals as { settings?: ViewSettings }).settings ?? {}) as ViewSettings;
    const views = () => ([] as string[]).concat(settings.views ?? []);
    if (settings['view cache'] !== true) return ejs.renderFile(file, locals, { root, views: views(), cache: false }, done);
    let html: string;
    try {
      let template = compiled.get(file);
      if (!template) {
        template = ejs.compile(rewritten(file), { filename: file, root, views: views(), cache: true, compileDebug: false, _with: false, includer });
        compiled.set(file, template);
      }
      html = template(locals);
    } catch (err) {
      return done(err);
    }
    done(null, html);
  };
}
