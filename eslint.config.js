// The rules the build enforces (`npm run lint`, run by .ci/run before the tests): typescript-eslint's
// recommended set and the layering of the codebase as import restrictions. Import cycles, type-only
// ones included, are dependency-cruiser's (.dependency-cruiser.cjs), also part of `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Frameworks the domain never imports (style.md C4): it receives repositories and plugin hooks instead. */
const FRAMEWORKS = ['express', 'express-*', 'knex', 'ejs', 'passport', 'passport-*', 'superagent', 'pg', 'sqlite3', 'connect-session-knex'];

const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'performance', 'structuredClone', 'AbortController', 'AbortSignal', 'fetch', 'Response', 'NodeJS'].map((g) => [g, 'readonly']),
);
const BROWSER_GLOBALS = Object.fromEntries(
  ['window', 'document', 'navigator', 'location', 'fetch', 'FormData', 'URLSearchParams', 'HTMLElement', 'Event', 'CustomEvent', 'Chart', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'console', 'Promise'].map((g) => [g, 'readonly']),
);

/**
 * One block per folder depth inside `<root>/<plugin>/`: a relative import that climbs out of the plugin's
 * folder is refused unless it is the plugin API. `rootDepth` is how deep `root` is below the project.
 */
function pluginBoundaries(root, rootDepth) {
  return [0, 1, 2, 3, 4, 5].map((depth) => {
    const up = (n) => `(\\.\\./){${n}}`;
    return {
      files: [`${root}/*/${'*/'.repeat(depth)}*.ts`],
      rules: {
        'no-restricted-imports': ['error', {
          patterns: [{
            regex: `^(?!${up(depth + rootDepth)}server/plugins/plugin-api\\.js$)${up(depth + 1)}`,
            message: 'A plugin imports nothing outside its own folder but server/plugins/plugin-api.ts of the host.',
          }],
        }],
      },
    };
  });
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: NODE_GLOBALS },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  // a plugin reaches the host only through the written plugin interface (style.md C2): no import may leave
  // the plugin's folder except the one of server/plugins/plugin-api.ts. The tests' example plugin keeps
  // the same rule, as it stands for any plugin written after this one
  ...pluginBoundaries('plugins', 2),
  ...pluginBoundaries('test/fixtures/plugins', 4),
  {
    // the domain is plain functions over injected collaborators (style.md C4)
    files: ['server/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: FRAMEWORKS, message: 'server/domain imports no framework: it receives repositories and plugin hooks as arguments.' }] }],
    },
  },
  {
    files: ['public/**/*.js', 'plugins/*/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: BROWSER_GLOBALS },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
