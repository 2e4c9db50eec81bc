/**
 * Does heavy host work still freeze the window's process? The same HostApi work — saving a draft
 * of 2 × 5,000 gateways (`drafts.update`: params validated, ops applied to the base, SQLite write)
 * and reading its diff — run through the host core in this process (createHost, as Electron main
 * did before issue 14) and through the host process (startHostProcess + dist/electron/host.cjs, as
 * now), interleaved. While it runs, this process's event-loop delay is sampled
 * (a 5 ms timer's lateness): that is how long a window click or repaint would wait.
 * Prints p99 and max delay of each and their ratio, and the wall time of the work (the relay's
 * cost: the params cross a process boundary). Needs `npm run build` (dist/electron/host.cjs).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigOpInput } from '@shared/model/ops';
import { createHost, type Host } from '../electron/core';
import { startHostProcess } from '../electron/hostProcess/hostProcessClient';
import { nodeHostSpawner } from '../electron/hostProcess/nodeHostChild';
import { median } from './support/median';

const HOST_ENTRY = fileURLToPath(new URL('../electron/host.cjs', import.meta.url));
const GATEWAYS = 5000;
const ROUNDS = 4;

function gatewayOps(n: number, salt: number): ConfigOpInput[] {
  const ops: ConfigOpInput[] = [];
  for (let i = 0; i < n; i++) {
    ops.push({ op: 'routingGateway.upsert', gateway: { name: `rgw-${salt}-${i}`, prefixes: [`5${String(i).padStart(5, '0')}`], priority: i % 10, addresses: [{ host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 5060 }] } });
    ops.push({ op: 'mappingGateway.upsert', gateway: { name: `mgw-${salt}-${i}`, authMode: 'ip', ips: [{ ip: `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}` }] } });
  }
  return ops;
}

async function must(host: Host, method: string, params: unknown): Promise<Record<string, unknown>> {
  const out = await host.call(method, params);
  if (!out.ok) throw new Error(`${method}: ${out.error.code} ${out.error.message}`);
  return out.result as Record<string, unknown>;
}

/**
 * How late a 5 ms timer fires in this process: a window's click or repaint waits as long. (A
 * timer, not perf_hooks.monitorEventLoopDelay: work that never yields would leave that one empty.)
 */
function lagMeter() {
  const TICK = 5;
  const lags: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - last - TICK));
    last = now;
  }, TICK);
  return async () => {
    // One more turn, so a timer held up by the work's last stretch still reports.
    await new Promise((r) => setTimeout(r, TICK * 2));
    clearInterval(timer);
    const sorted = lags.sort((a, b) => a - b);
    return { p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, max: sorted.at(-1) ?? 0 };
  };
}

/** One round of work; returns this process's timer lateness (ms) while it ran and its wall time. */
async function round(host: Host, draftId: string, version: number, salt: number) {
  const ops = gatewayOps(GATEWAYS, salt);
  const stop = lagMeter();
  const t0 = performance.now();
  await must(host, 'drafts.update', { id: draftId, expectedVersion: version, ops });
  await must(host, 'drafts.diff', { id: draftId });
  const wall = performance.now() - t0;
  return { ...(await stop()), wall };
}

async function setUp(host: Host) {
  const { server } = (await must(host, 'servers.add', { server: { name: 'Bench', host: '127.0.0.1', port: 1, username: 'b', auth: { kind: 'agent' } } })) as { server: { id: string } };
  const { draft } = (await must(host, 'drafts.create', { serverId: server.id, title: 'bench' })) as { draft: { id: string; version: number } };
  return { draftId: draft.id, version: draft.version };
}

if (!existsSync(HOST_ENTRY)) throw new Error('run `npm run build` first: this bench starts dist/electron/host.cjs');
const dir = mkdtempSync(path.join(tmpdir(), 'sd-bench-hostproc-'));
const inProcess = createHost({ dataDir: path.join(dir, 'in'), knownHostsReadOnlyFiles: [], warn: () => {} });
const outOfProcess = await startHostProcess({ spawn: nodeHostSpawner(HOST_ENTRY), start: { dataDir: path.join(dir, 'out'), knownHostsReadOnlyFiles: [] }, warn: () => {} });
const variants = [
  { name: 'in process', host: inProcess as Host, ...(await setUp(inProcess)), samples: [] as { p99: number; max: number; wall: number }[] },
  { name: 'host process', host: outOfProcess as Host, ...(await setUp(outOfProcess)), samples: [] as { p99: number; max: number; wall: number }[] },
];
for (let r = 0; r < ROUNDS + 1; r++) {
  for (const v of variants) {
    const s = await round(v.host, v.draftId, v.version, r);
    v.version++;
    if (r > 0) v.samples.push(s); // the first round warms up both
  }
}
const [a, b] = variants.map((v) => ({ name: v.name, p99: median(v.samples.map((s) => s.p99)), max: median(v.samples.map((s) => s.max)), wall: median(v.samples.map((s) => s.wall)) }));
for (const v of [a!, b!]) console.log(`${v.name.padEnd(13)} timer lateness p99 ${v.p99.toFixed(1)} ms, max ${v.max.toFixed(1)} ms; work ${v.wall.toFixed(0)} ms (median of ${ROUNDS})`);
console.log(`longest stall of the window's process, host process / in process: ${(b!.max / a!.max).toFixed(3)}`);
console.log(`wall time of the work, host process / in process: ${(b!.wall / a!.wall).toFixed(2)}`);
await outOfProcess.close();
await inProcess.close();
rmSync(dir, { recursive: true, force: true });
