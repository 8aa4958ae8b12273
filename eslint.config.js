// Lint config. The import-direction rules of docs/architecture (shared -> nothing, renderer ->
// shared, preload -> shared, main/core -> shared, main/platform -> electron + shared,
// control-plane -> shared, sandbox -> nothing of the product) are enforced here, not in a wiki.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (dirs) => dirs.flatMap((d) => [`**/${d}/**`, `${d}/**`]);
const restrict = (files, forbiddenDirs, extra = []) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbiddenDirs.map((d) => ({
            group: layer([d]),
            message: `This layer may not import from ${d}/ (see docs/architecture.md).`,
          })),
          ...extra,
        ],
      },
    ],
  },
});
const REPO = path.dirname(fileURLToPath(import.meta.url));
const CONSOLE_MAY_IMPORT = ['control-plane/console/', 'shared/', 'control-plane/api/schemas/'];
/** Relative imports of console files must land in CONSOLE_MAY_IMPORT; packages are fine. */
const consoleImports = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string') return;
      if (spec.startsWith('node:') || spec === 'electron' || spec.startsWith('electron/'))
        return context.report({ node, message: `The console runs in the browser: not '${spec}'.` });
      if (!spec.startsWith('.')) return;
      const target = path
        .relative(REPO, path.resolve(path.dirname(context.filename), spec))
        .split(path.sep)
        .join('/');
      if (!CONSOLE_MAY_IMPORT.some((allowed) => target.startsWith(allowed)))
        context.report({
          node,
          message: `The console may import itself, shared/ and control-plane/api/schemas only, not ${target} (see docs/architecture.md).`,
        });
    };
    return {
      ImportDeclaration: check,
      ImportExpression: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
    };
  },
};
const noElectron = {
  group: ['electron', 'electron/*'],
  message: "Only main/platform and main/app may import 'electron'.",
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'release/**',
      'test-results/**',
      'playwright-report/**',
      '.ci/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**', 'control-plane/console/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  restrict(
    ['shared/**'],
    ['main', 'renderer', 'preload', 'control-plane', 'sandbox', 'test', 'bench'],
    [noElectron, { group: ['node:*'], message: 'shared/ is portable: no Node built-ins.' }],
  ),
  restrict(['renderer/**'], ['main', 'preload', 'control-plane', 'sandbox'], [noElectron]),
  restrict(['preload/**'], ['main', 'renderer', 'control-plane', 'sandbox']),
  restrict(
    ['main/core/**'],
    ['renderer', 'preload', 'control-plane', 'sandbox'],
    [
      noElectron,
      {
        group: [
          '../platform/**',
          '../app/**',
          '../ipc/**',
          '**/main/platform/**',
          '**/main/app/**',
          '**/main/ipc/**',
        ],
        message:
          'main/core is plain Node: it may not import the Electron adapters (main/platform, app, ipc).',
      },
    ],
  ),
  restrict(
    ['main/platform/**', 'main/ipc/**', 'main/app/**'],
    ['renderer', 'preload', 'control-plane', 'sandbox'],
  ),
  restrict(
    ['control-plane/**'],
    ['main', 'renderer', 'preload', 'sandbox', 'test', 'bench'],
    [noElectron],
  ),
  // The admin console runs in the browser: it may import itself, shared/ and the API's zod
  // schemas (request and answer shapes), never other server modules (node: APIs, the
  // database, secrets). Resolved paths, not patterns: the console has an api/ folder too.
  {
    files: ['control-plane/console/**'],
    plugins: { gatehouse: { rules: { 'console-imports': consoleImports } } },
    rules: { 'gatehouse/console-imports': 'error' },
  },
  restrict(
    ['sandbox/**'],
    ['main', 'renderer', 'preload', 'control-plane', 'shared', 'test', 'bench'],
    [noElectron],
  ),
);
