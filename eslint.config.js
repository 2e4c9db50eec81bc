// Layering is enforced here (DESIGN §2): each zone lists the folders it must never import from.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Folders and what each may not import. Paths are relative to the repository root. */
const zones = [
  // shared: pure, imports nothing else of ours
  { target: './shared', from: ['./renderer', './switch-agent', './electron', './test', './bench', './build', './scripts'] },
  // renderer: only shared
  { target: './renderer', from: ['./switch-agent', './electron', './test', './bench', './scripts'] },
  // switch-agent: only shared
  { target: './switch-agent', from: ['./renderer', './electron', './test', './bench', './scripts'] },
  // electron/core: only shared (and never the electron package, enforced below)
  { target: './electron/core', from: ['./renderer', './switch-agent', './electron/main', './electron/preload', './electron/web', './electron/hostProcess', './test', './bench'] },
  // the host process runs core under Node or as an Electron utility process: no shell code, no electron package
  { target: './electron/hostProcess', from: ['./renderer', './switch-agent', './electron/main', './electron/preload', './electron/web', './test', './bench'] },
  // shells wire core to a shell, never reach into the agent or the renderer's source
  { target: './electron/main', from: ['./renderer', './switch-agent', './electron/web', './test'] },
  { target: './electron/preload', from: ['./renderer', './switch-agent', './electron/core', './electron/web', './test'] },
  { target: './electron/web', from: ['./renderer', './switch-agent', './electron/main', './electron/preload', './test'] },
];

const restrictedNodeImports = (what) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: nodeBuiltins.map((name) => ({ name, message: `${what} must not import Node built-ins (DESIGN §2).` })),
      patterns: [{ group: ['node:*'], message: `${what} must not import Node built-ins (DESIGN §2).` }],
    },
  ],
});

/**
 * Tests beside the code may also use the shared test doubles and fixtures under test/ (and only
 * those): DESIGN §6 keeps doubles out of production folders, the tests stay next to their code.
 */
const testFiles = ['**/*.test.ts', '**/*.test.tsx'];
const testZones = zones.map((z) => ({ ...z, from: z.from.filter((f) => f !== './test') }));
for (const z of zones.filter((z) => z.from.includes('./test'))) {
  testZones.push({ target: z.target, from: './test', except: ['./doubles', './fixtures'] });
}

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-results/**', '.tmp/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.base.json' })],
    },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: zones.map((z) => ({ ...z, message: 'Layer boundary (DESIGN §2).' })) }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: testFiles,
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: testZones.map((z) => ({ ...z, message: 'Layer boundary (DESIGN §2): tests may use test/doubles and test/fixtures only.' })) }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      ...restrictedNodeImports('shared/'),
      'no-console': 'error',
      'no-restricted-globals': ['error', 'process', 'Buffer', 'window', 'document', 'require', '__dirname'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx', 'renderer/vite.config.ts'],
    rules: restrictedNodeImports('renderer/'),
  },
  {
    files: ['electron/core/**/*.ts', 'electron/hostProcess/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'electron/core is plain Node: the electron package belongs to electron/main and electron/preload.' }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
  },
);
