// `npm run test:integration`: the integration suite in two parts at once, each in a network
// namespace of its own.
//
// Why: the suite is mostly waiting (engines starting, SIP timers running out), and vitest runs its
// files one at a time on a 2-core machine, so CI spent ~21 minutes in it. Two parts at once cannot
// share loopback: the tests bind fixed addresses (a sipp gateway on 127.0.0.4:5060, a caller on
// 127.0.0.2, …). In its own network namespace each part has its own loopback, ports, nftables and
// UDP counters, so the two parts cannot see each other's sockets.
//
// What cannot be split: files that change the machine itself (install a Debian package, create
// system users) run in the first part, one after the other, as before. Files are spread over the
// parts by their measured durations (test/integration/durations.json, written from a CI run by
// `node scripts/integrationShards.mjs --write-durations`); a file not listed there counts as the
// median.
//
// Without root or `unshare` (a developer's machine), it runs the suite in one part, as vitest would.
// Each part's output is printed whole when it ends, so the log reads like one run; the closing line
// sums both parts, and test-results/integration.json holds both parts' outcomes (support check).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATIONS = 'test/integration/durations.json';
const PARTS = Number(process.env.SWITCHDECK_INTEGRATION_PARTS ?? 2);
/** Files that change the machine (packages, system users): in part 1, in this order, never beside each other. */
const MACHINE_WIDE = [/^test\/integration\/packaging\//, /^test\/integration\/agent\/production-run\.test\.ts$/];
/**
 * Files that drive the engine to the machine's limit on purpose: run alone after the parts, so the
 * other part's engines do not take the CPU they measure. engine/load.test.ts fills a 64 MB pool at
 * 400 calls/s and requires every call past the admission limit to be refused, none broken; beside
 * the other part it broke calls (timeouts, 500 to BYE) with this session's cfg and with the one
 * before it alike (a busy loop beside it did the same), and it passes alone.
 */
const ALONE = [/^test\/integration\/engine\/load\.test\.ts$/];

const rel = (f) => path.relative(root, f).split(path.sep).join('/');

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return e.name.endsWith('.test.ts') ? [rel(p)] : [];
  });
}

/** Greedy split by duration, longest first, each file to the part that would end first. */
export function splitByDuration(files, durations, parts, pinnedToFirst) {
  const known = Object.values(durations).filter((s) => typeof s === 'number').sort((a, b) => a - b);
  const median = known.length ? known[Math.floor(known.length / 2)] : 1;
  const weight = (f) => durations[f] ?? median;
  const out = Array.from({ length: parts }, () => ({ files: [], seconds: 0 }));
  for (const f of files.filter(pinnedToFirst)) {
    out[0].files.push(f);
    out[0].seconds += weight(f);
  }
  for (const f of files.filter((x) => !pinnedToFirst(x)).sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))) {
    const least = out.reduce((m, p) => (p.seconds < m.seconds ? p : m));
    least.files.push(f);
    least.seconds += weight(f);
  }
  return out;
}

/** Root, and a network namespace can be made here (a container may forbid it). */
function canIsolate() {
  if (process.getuid?.() !== 0 || PARTS < 2) return false;
  return spawnSync('unshare', ['--net', '--', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
}

const vitestArgs = (files) => [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'integration',
  '--reporter=default', '--reporter=./scripts/summaryReporter.ts', ...files];

/** Runs one part; resolves with its exit code and its whole output. */
function runPart(index, files, isolated) {
  const env = { ...process.env, SWITCHDECK_SUITE: 'integration', SWITCHDECK_PART: String(index + 1) };
  const node = [process.execPath, ...vitestArgs(files)];
  // `ip link set lo up`: a new network namespace starts with its loopback down.
  const [cmd, args] = isolated
    ? ['unshare', ['--net', '--', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...node]]
    : [node[0], node.slice(1)];
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString('utf8') }));
  });
}

function writeDurations() {
  const file = path.join(root, 'test-results/integration.durations.json');
  if (!existsSync(file)) throw new Error('run the integration suite first: test-results/integration.durations.json is missing');
  writeFileSync(path.join(root, DURATIONS), `${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 1)}\n`);
  console.log(`wrote ${DURATIONS}`);
}

async function main() {
  if (process.argv.includes('--write-durations')) return writeDurations();
  // Named files (`npm run test:integration -- <file>…`) run as vitest would run them, in one part.
  const named = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const files = named.length ? named : testFiles(path.join(root, 'test/integration')).sort();
  const durations = existsSync(path.join(root, DURATIONS)) ? JSON.parse(readFileSync(path.join(root, DURATIONS), 'utf8')) : {};
  const isolated = named.length === 0 && canIsolate();
  const alone = isolated ? files.filter((f) => ALONE.some((re) => re.test(f))) : [];
  const shared = files.filter((f) => !alone.includes(f));
  const parts = isolated ? splitByDuration(shared, durations, PARTS, (f) => MACHINE_WIDE.some((re) => re.test(f))) : [{ files, seconds: 0 }];
  rmSync(path.join(root, 'test-results/integration.parts'), { recursive: true, force: true });
  if (isolated) console.log(`integration: ${parts.length} parts at once, each in its own network namespace (${parts.map((p, i) => `part ${i + 1}: ${p.files.length} files, ~${p.seconds} s`).join('; ')})${alone.length ? `, then ${alone.length} file(s) alone` : ''}`);
  const started = Date.now();
  const results = await Promise.all(parts.map(async (p, i) => {
    const r = await runPart(i, p.files, isolated);
    process.stdout.write(`\n===== integration part ${i + 1} of ${parts.length} (${p.files.length} files), ended after ${Math.round((Date.now() - started) / 1000)} s =====\n${r.output}`);
    return r;
  }));
  if (alone.length) {
    const r = await runPart(parts.length, alone, isolated);
    process.stdout.write(`\n===== integration, alone after the parts (${alone.join(', ')}), ended after ${Math.round((Date.now() - started) / 1000)} s =====\n${r.output}`);
    results.push(r);
    parts.push({ files: alone, seconds: 0 });
  }
  const outcomes = parts.flatMap((_, i) => {
    const f = path.join(root, `test-results/integration.parts/${i + 1}.json`);
    return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : [];
  });
  const times = Object.assign({}, ...parts.map((_, i) => {
    const f = path.join(root, `test-results/integration.parts/${i + 1}.durations.json`);
    return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : {};
  }));
  mkdirSync(path.join(root, 'test-results'), { recursive: true });
  writeFileSync(path.join(root, 'test-results/integration.json'), JSON.stringify(outcomes));
  writeFileSync(path.join(root, 'test-results/integration.durations.json'), JSON.stringify(times));
  const count = (s) => outcomes.filter((o) => o.state === s).length;
  const flaky = outcomes.filter((o) => o.flaky).length;
  const skipped = outcomes.length - count('passed') - count('failed');
  const failedParts = results.filter((r) => r.code !== 0).length;
  console.log(`\nintegration: ${count('passed')} passed${flaky ? ` (${flaky} on a second try)` : ''}, ${count('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`
    + `${isolated ? ` — ${parts.length} parts in ${Math.round((Date.now() - started) / 1000)} s` : ''}${failedParts && !count('failed') ? ` (${failedParts} part(s) ended with an error: see above)` : ''}`);
  process.exitCode = failedParts > 0 ? 1 : 0;
}

await main();
