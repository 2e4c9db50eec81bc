// `npm run bench`: bundles each bench/*.bench.ts with esbuild and runs it; benchmarks print ratios.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESM_BANNER } from './esmBanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];
for (const file of readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts'))) {
  if (only && !file.includes(only)) continue;
  const out = path.join(root, 'dist/bench', file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(root, 'bench', file)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: { '@shared': path.join(root, 'shared') },
    // Native modules cannot be bundled, nor tools a bench drives (esbuild, a browser): they load from node_modules at run time.
    external: ['better-sqlite3', 'esbuild', 'playwright-core', 'cpu-features', '*.node'],
    // Benches of the host core bundle ssh2, a CommonJS dependency.
    banner: { js: ESM_BANNER },
    logLevel: 'warning',
  });
  console.log(`== ${file}`);
  const r = spawnSync(process.execPath, [out], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
