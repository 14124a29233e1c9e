/**
 * EJS as the app's view engine, with the host's views folder as the root of absolute includes: an
 * include written "/partials/head" is a path, while a relative one makes EJS probe the disk for it
 * (next to the including file, then in each views folder) on every render of every page.
 *
 * Views render with EJS's own semantics in every environment (its `with (locals)` scope: a view that
 * reads a local the page did not pass throws, in tests as in production). Outside development each file
 * is compiled once and without EJS's line tracking, which only serves error messages; development
 * compiles on every render, so an edit shows on reload and an error points at the template's line.
 */
import path from 'node:path';
import ejs from 'ejs';
import { PROJECT_ROOT } from '../db/create-db.js';

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
  return (file, locals, done) => {
    const settings = ((locals as { settings?: ViewSettings }).settings ?? {}) as ViewSettings;
    const cache = settings['view cache'] === true;
    ejs.renderFile(file, locals, { root, views: ([] as string[]).concat(settings.views ?? []), cache, compileDebug: !cache }, done);
  };
}
