// Lint config. The import-direction rules of docs/architecture (shared -> nothing, renderer ->
// shared, preload -> shared, main/core -> shared, main/platform -> electron + shared,
// control-plane -> shared, sandbox -> nothing of the product) are enforced here, not in a wiki.
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
  restrict(
    ['sandbox/**'],
    ['main', 'renderer', 'preload', 'control-plane', 'shared', 'test', 'bench'],
    [noElectron],
  ),
);
