// Builds everything into dist/: the renderer with Vite, Node entry points with esbuild.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ESM_BANNER } from './esmBanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2); // e.g. `node scripts/build.mjs web renderer`
const want = (name) => only.length === 0 || only.includes(name);

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  tsconfig: path.join(root, 'tsconfig.base.json'),
  alias: { '@shared': path.join(root, 'shared') },
  logLevel: 'warning',
  // Native or optional modules stay outside the bundle and are loaded from node_modules.
  external: ['better-sqlite3', 'cpu-features', 'electron', '*.node'],
};

const targets = {
  renderer: () => viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' }),
  web: () =>
    esbuild({
      ...nodeCommon,
      format: 'esm',
      entryPoints: [path.join(root, 'electron/web/main.ts')],
      outfile: path.join(root, 'dist/electron/web.mjs'),
      banner: { js: ESM_BANNER },
    }),
  main: () =>
    esbuild({
      ...nodeCommon,
      format: 'cjs',
      entryPoints: [path.join(root, 'electron/main/main.ts')],
      outfile: path.join(root, 'dist/electron/main.cjs'),
    }),
  // The host process (host core out of the window's process): Electron main and the browser shell fork it.
  host: () =>
    esbuild({
      ...nodeCommon,
      format: 'cjs',
      entryPoints: [path.join(root, 'electron/hostProcess/entry.ts')],
      outfile: path.join(root, 'dist/electron/host.cjs'),
    }),
  // A sandboxed preload may require only 'electron': everything else is bundled into this one file.
  preload: () =>
    esbuild({
      ...nodeCommon,
      format: 'cjs',
      external: ['electron'],
      entryPoints: [path.join(root, 'electron/preload/preload.ts')],
      outfile: path.join(root, 'dist/electron/preload.cjs'),
    }),
  sandbox: () =>
    esbuild({
      ...nodeCommon,
      format: 'esm',
      entryPoints: [path.join(root, 'scripts/sandbox/demo.ts')],
      outfile: path.join(root, 'dist/sandbox/demo.mjs'),
      banner: { js: ESM_BANNER },
    }),
  agent: () =>
    esbuild({
      ...nodeCommon,
      format: 'esm',
      entryPoints: [path.join(root, 'switch-agent/src/main.ts')],
      outfile: path.join(root, 'dist/switch-agent/switch-agent.mjs'),
      banner: { js: `#!/usr/bin/env node\n${ESM_BANNER}` },
    }),
};

for (const [name, run] of Object.entries(targets)) {
  if (!want(name)) continue;
  const t0 = Date.now();
  await run();
  console.log(`build ${name}: ${Date.now() - t0} ms`);
}
