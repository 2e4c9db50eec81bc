/**
 * What can be checked of the desktop installers without the Electron binary (README "Desktop
 * installers"): electron-builder.yml passes electron-builder's own validation, the app's `files`
 * carry every bundle `npm run build` wrote and everything main loads beside it, native addons are
 * unpacked from app.asar, and package.json "dependencies" are exactly what the bundles still
 * require at run time. Data-driven: a new entry in dist/electron is checked without editing this.
 */
import { existsSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ELECTRON_DIR = path.join(root, 'dist/electron');

interface BuilderConfig {
  files?: unknown;
  asarUnpack?: unknown;
  win?: { target?: unknown };
  mac?: { target?: unknown };
  linux?: { target?: unknown };
  [key: string]: unknown;
}
type Filter = (file: string, stat: Stats) => boolean;
interface Builder {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  getFileMatchers(config: BuilderConfig, name: 'files' | 'asarUnpack', dest: string, opts: object): { createFilter(): Filter }[] | null;
  logger: unknown;
}

/** electron-builder's own modules (app-builder-lib, builder-util), resolved as electron-builder resolves them. */
function loadBuilder(): Builder {
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
  const config = fromBuilder('app-builder-lib/out/util/config/config') as Pick<Builder, 'getConfig' | 'validateConfiguration'>;
  const { getFileMatchers } = fromBuilder('app-builder-lib/out/fileMatcher') as Pick<Builder, 'getFileMatchers'>;
  const { DebugLogger } = fromBuilder('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
  return { ...config, getFileMatchers, logger: new DebugLogger(false) };
}

const FILE_STAT = { isDirectory: () => false, isFile: () => true, isSymbolicLink: () => false } as Stats;

const DIR_STAT = { isDirectory: () => true, isFile: () => false, isSymbolicLink: () => false } as Stats;

function matchers(b: Builder, config: BuilderConfig, name: 'files' | 'asarUnpack'): Filter[] {
  const found = b.getFileMatchers(config, name, path.join(root, 'out/app'), { macroExpander: (s: string) => s, customBuildOptions: {}, globalOutDir: path.join(root, 'out'), defaultSrc: root }) ?? [];
  return found.map((m) => m.createFilter());
}

/** Copied into the app: electron-builder walks the tree, so every parent folder and the file must pass. */
function takenByFiles(b: Builder, config: BuilderConfig): (relative: string) => boolean {
  const filters = matchers(b, config, 'files');
  return (relative) => {
    const parts = relative.split('/');
    return filters.some((f) => parts.every((_, i) => f(path.join(root, ...parts.slice(0, i + 1)), i < parts.length - 1 ? DIR_STAT : FILE_STAT)));
  };
}

/** Left outside app.asar: the packager asks the first asarUnpack matcher about each file. */
function unpackedByAsar(b: Builder, config: BuilderConfig): (relative: string) => boolean {
  const [first] = matchers(b, config, 'asarUnpack');
  return (relative) => first !== undefined && first(path.join(root, relative), FILE_STAT);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** What a CommonJS bundle requires with a literal name, and the paths it builds from __dirname. */
function bundleRefs(file: string): { requires: string[]; besides: string[] } {
  const text = readFileSync(file, 'utf8');
  const requires = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] ?? '');
  const besides = [...text.matchAll(/\.join\(__dirname((?:,\s*"[^"]*")+)\)/g)].map((m) => {
    const parts = [...(m[1] ?? '').matchAll(/"([^"]*)"/g)].map((p) => p[1] ?? '');
    return path.relative(root, path.join(path.dirname(file), ...parts)).split(path.sep).join('/');
  });
  return { requires: [...new Set(requires)], besides: [...new Set(besides)] };
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const packageName = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

describe('desktop installers (electron-builder)', () => {
  let b: Builder;
  let config: BuilderConfig;
  let pkg: { main: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  let appBundles: string[];

  beforeAll(async () => {
    if (!existsSync(ELECTRON_DIR)) throw new Error('run `npm run build` first: the files list is checked against dist/');
    b = loadBuilder();
    config = await b.getConfig(root, null, null);
    pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as typeof pkg;
    // The desktop app runs the CommonJS bundles (main, preload, any process main starts); web.mjs is the browser shell.
    appBundles = readdirSync(ELECTRON_DIR).filter((f) => f.endsWith('.cjs')).map((f) => path.join(ELECTRON_DIR, f));
  });

  it('electron-builder.yml passes electron-builder’s own validation, which refuses a misspelt option', async () => {
    await expect(b.validateConfiguration(config, b.logger)).resolves.toBeUndefined();
    await expect(b.validateConfiguration({ ...config, nsis: { oneClik: false } }, b.logger)).rejects.toThrow(/configuration\.nsis/);
  });

  it('declares the installers: NSIS for Windows, dmg and zip for macOS, AppImage and deb for Linux', () => {
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(pkg.devDependencies?.['electron-builder']).toBeDefined();
    expect(existsSync(path.join(root, 'build/icon.png'))).toBe(true);
  });

  it('the app’s files carry every bundle and everything main, preload and renderer load beside them', () => {
    const taken = takenByFiles(b, config);
    expect(appBundles.map((f) => path.relative(root, f))).toContain(path.normalize(pkg.main));
    const needed = new Set<string>();
    for (const bundle of appBundles) {
      needed.add(path.relative(root, bundle));
      for (const rel of bundleRefs(bundle).requires.filter((r) => r.startsWith('.') && !r.endsWith('.node'))) {
        needed.add(path.relative(root, path.resolve(path.dirname(bundle), rel)));
      }
      for (const ref of bundleRefs(bundle).besides) {
        const abs = path.join(root, ref);
        if (existsSync(abs) && statSync(abs).isDirectory()) for (const f of walk(abs)) needed.add(path.relative(root, f));
        else if (existsSync(abs)) needed.add(ref);
        // dist/packages exists only after `npm run package:agent`; it holds switch-agent_<version>_<arch>.deb.
        else if (ref.endsWith('packages')) needed.add(`${ref}/switch-agent_0.1.0_amd64.deb`);
        else throw new Error(`${path.relative(root, bundle)} loads ${ref}, which the build did not write`);
      }
    }
    for (const f of walk(path.join(root, 'dist/renderer'))) needed.add(path.relative(root, f));
    const missing = [...needed].filter((f) => !f.endsWith('.map')).map((f) => f.split(path.sep).join('/')).filter((f) => !taken(f));
    expect(missing).toEqual([]);
    // Nothing of the tree the app does not need.
    for (const f of ['dist/electron/main.cjs.map', 'switch-agent/src/main.ts', 'test/integration/packaging/electronBuilder.test.ts', 'node_modules/.bin/vite']) expect(taken(f), f).toBe(false);
  });

  it('dependencies are exactly what the app bundles still require at run time; the agent bundle needs nothing more', () => {
    const runtime = new Set<string>();
    for (const bundle of appBundles) {
      for (const r of bundleRefs(bundle).requires) {
        if (r.startsWith('.') || BUILTINS.has(r) || r === 'electron') continue;
        runtime.add(packageName(r));
      }
    }
    const shipped = { ...pkg.dependencies, ...pkg.optionalDependencies };
    expect(Object.keys(shipped).sort()).toEqual([...runtime].sort());
    // electron-builder refuses electron itself among dependencies.
    expect(Object.keys(shipped)).not.toContain('electron');
    const agent = readFileSync(path.join(root, 'dist/switch-agent/switch-agent.mjs'), 'utf8');
    const agentImports = [...agent.matchAll(/\bfrom "([^"./][^"]*)"/g)].map((m) => packageName(m[1] ?? '')).filter((m) => !BUILTINS.has(m));
    for (const m of agentImports) expect(Object.keys(shipped), `switch-agent imports ${m}`).toContain(m);
  });

  it('native addons the bundles load, and the agent packages, are unpacked from app.asar', () => {
    const unpacked = unpackedByAsar(b, config);
    const natives = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies });
    for (const m of natives) {
      const dir = path.join(root, 'node_modules', m);
      const addons = existsSync(dir) ? walk(dir).filter((f) => f.endsWith('.node')).map((f) => path.relative(root, f).split(path.sep).join('/')) : [];
      for (const f of [...addons, `node_modules/${m}/package.json`]) expect(unpacked(f), f).toBe(true);
    }
    expect(unpacked('dist/packages/switch-agent_0.1.0_amd64.deb')).toBe(true);
    expect(unpacked('dist/electron/main.cjs')).toBe(false);
  });
});
