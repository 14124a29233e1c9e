/**
 * Plugin view names resolved once to include paths. A host page that includes a plugin's view by name
 * makes EJS probe the host's folders before the plugin's on every render, and each failed probe costs
 * Node a thrown error. An include path starting with "/" is taken from the views root (view-engine.ts)
 * without a probe, so a plugin's file is named relative to that root.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Builds the resolver over the plugins' view folders.
 * @param root the views root of absolute includes
 * @returns name → "/…" include path; a name no folder holds comes back unchanged, for EJS to report
 */
export function pluginViewFiles(dirs: readonly string[], root: string): (name: string) => string {
  const files = new Map<string, string>();
  return (name) => {
    const known = files.get(name);
    if (known) return known;
    const relative = path.extname(name) ? name : `${name}.ejs`;
    const file = dirs.map((dir) => path.join(dir, relative)).find((f) => fs.existsSync(f));
    if (!file) return name;
    const include = `/${path.relative(root, file).split(path.sep).join('/')}`;
    files.set(name, include);
    return include;
  };
}
