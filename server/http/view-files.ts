/**
 * Plugin view names resolved to their files once. A host page that includes a plugin's view by name
 * makes EJS probe the host's folders before the plugin's on every render, and each failed probe costs
 * Node a thrown error; an absolute path is used as it is.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Builds the resolver over the plugins' view folders.
 * @returns name → absolute file; a name no folder holds comes back unchanged, for EJS to report
 */
export function pluginViewFiles(dirs: readonly string[]): (name: string) => string {
  const files = new Map<string, string>();
  return (name) => {
    const known = files.get(name);
    if (known) return known;
    const relative = path.extname(name) ? name : `${name}.ejs`;
    const file = dirs.map((dir) => path.join(dir, relative)).find((f) => fs.existsSync(f));
    if (!file) return name;
    files.set(name, file);
    return file;
  };
}
