/**
 * Plugin view names resolved once to include paths. A host page that includes a plugin's view by name
 * makes EJS probe the host's folders before the plugin's on every render, and each failed probe costs
 * Node a thrown error. An include path starting with "/" is taken from the views root (view-engine.ts)
 * without a probe, so a plugin's file is named relative to that root. Every host page that shows a
 * module's view (ViewContribution) passes it through here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ViewContribution } from '../plugins/plugin-api.js';
import { HOST_VIEWS_DIR } from './view-engine.js';

/**
 * Builds the resolver over the plugins' view folders.
 * @param root the views root of absolute includes
 * @returns contribution → the same with its view as a "/…" include path; a name no folder holds is left
 *   unchanged, for EJS to report
 */
export function pluginViews(dirs: readonly string[], root: string = HOST_VIEWS_DIR): (contribution: ViewContribution | null) => ViewContribution | null {
  const files = new Map<string, string>();
  const resolve = (name: string): string => {
    const known = files.get(name);
    if (known) return known;
    const relative = path.extname(name) ? name : `${name}.ejs`;
    const file = dirs.map((dir) => path.join(dir, relative)).find((f) => fs.existsSync(f));
    if (!file) return name;
    const include = `/${path.relative(root, file).split(path.sep).join('/')}`;
    files.set(name, include);
    return include;
  };
  return (contribution) => contribution && { ...contribution, view: resolve(contribution.view) };
}
