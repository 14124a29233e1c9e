/**
 * Rewrites of a view's EJS text before it is compiled for the view cache (view-engine.ts). Each keeps
 * what the view renders and removes a cost EJS pays on every render:
 * - plainIncludesInlined: an include of an absolute partial with no data of its own is replaced by the
 *   partial's text; at run time each EJS include copies every local twice and resolves its path again;
 * - localsDeclared: the view's names are declared from `locals` up front, so that it can be compiled
 *   without EJS's `with (locals)`, under which V8 looks every name of the view up dynamically (the
 *   service page's body renders in 20 µs without it, 55 µs with it).
 */
import fs from 'node:fs';
import path from 'node:path';

/** An include of an absolute partial with no data of its own: its text can stand in its place. */
const PLAIN_INCLUDE = /<%-\s*include\(\s*(['"])(\/[\w\-/]+)\1\s*\)\s*%>/g;

/** `text` with every plain include replaced by the partial's own text, partials within partials too. */
export function plainIncludesInlined(text: string, root: string, chain: string[] = []): string {
  return text.replace(PLAIN_INCLUDE, (_match, _quote: string, name: string) => {
    const file = path.join(root, `${name}.ejs`);
    if (chain.includes(file)) throw new Error(`EJS include cycle: ${[...chain, file].join(' → ')}`);
    return plainIncludesInlined(fs.readFileSync(file, 'utf8'), root, [...chain, file]);
  });
}

/** The code inside scriptlet and output tags; comments (<%#) and literal <%% are not code. */
const CODE_TAG = /<%[_=-]?(?![#%])([\s\S]*?)[_-]?%>/g;
/** A name not reached through a dot. */
const NAME = /(?<![.\w$])[A-Za-z_$][\w$]*/g;

/** Words that cannot be declared, and the names EJS's compiled function already has. */
const NOT_LOCALS = new Set([
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield await async of get set arguments eval undefined NaN Infinity'.split(' '),
  ...'locals globalThis include escapeFn rethrow __output __append __line __lines __filename __locals'.split(' '),
]);

/** Every name the view's code uses that could be one of its locals (or a global). */
export function namesUsed(text: string): string[] {
  const names = new Set<string>();
  for (const [, code] of text.matchAll(CODE_TAG)) for (const [name] of code.matchAll(NAME)) if (!NOT_LOCALS.has(name)) names.add(name);
  return [...names].sort();
}

/**
 * `text` preceded by one declaration per name it uses, each from `locals` when the render passes it and
 * otherwise from the global of that name, as `with (locals)` would resolve it; a name that is neither
 * is undefined rather than a ReferenceError. The view's own code goes in a block of its own, so its
 * top-level let and const declarations shadow these instead of clashing with them.
 */
export function localsDeclared(text: string): string {
  const names = namesUsed(text);
  if (names.length === 0) return text;
  const declarations = names.map((n) => `${n} = '${n}' in locals ? locals.${n} : globalThis.${n}`).join(', ');
  return `<% var ${declarations}; { %>${text}<% } %>`;
}
