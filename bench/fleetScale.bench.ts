/**
 * Fleet scale (issue 14): the host core (createHost, default tuning: 32 live connections, sweep 16
 * and push 8 at a time) with 100 servers registered, all reached through ONE loopback sshd, each a
 * real switch-agent (engine disabled, own data folder, store and socket). The 101 agents run in one
 * child Node process (test/support/agentFleet.ts, started in batches of 10): one process per agent
 * would be ~101 × 60 MB; its RSS is printed as the fixture's cost. Needs root (sshd's test login).
 * Measured, alternating 1 server and 100 servers, median of BENCH_ROUNDS (default 5):
 * - fleet overview ready: `fleet.status` returned a row for every server (one-off connections);
 * - fleet push of one parameter (`drafts.fleetPush`, a new value each round: a real apply);
 * each as a ratio to the same on 1 server. Then the host process's RSS per connected server:
 * RSS (and JS heap + external) after connecting 32 servers (the bound) minus before, over 32,
 * after full collections; median of 3 connect/disconnect cycles.
 * The 1-server push goes to a 101st agent, so the 100 keep identical histories and rebase cleanly.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { HostMethod, HostParamsInput, HostResult } from '@shared/rpc/hostApi';
import { createHost } from '../electron/core';
import { startAgentFleet } from '../test/support/agentFleet';
import { TestSshd } from '../test/support/sshd';
import { median } from './support/median';

const FLEET = 100;

if (process.argv[2] === 'agents') {
  // The child: start the agents, say where their sockets are, stop when the parent closes stdin.
  const fleet = await startAgentFleet(Number(process.argv[3]), process.argv[4] as string, { batch: 10 });
  process.stdout.write(`${JSON.stringify(fleet.sockets)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void fleet.stop().then(() => process.exit(0)));
} else {
  await main();
}

async function main(): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const sshd = await TestSshd.start();
  const t0 = performance.now();
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'agents', String(FLEET + 1), sshd.user.name], { stdio: ['pipe', 'pipe', 'inherit'] });
  const sockets = await new Promise<string[]>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the agents' process exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as string[]));
  });
  const agentsRss = await rssOf(child.pid!);
  console.log(`fixture: ${sockets.length} agents started in ${((performance.now() - t0) / 1000).toFixed(1)} s; their process: ${agentsRss.toFixed(0)} MiB RSS (${(agentsRss / sockets.length).toFixed(1)} MiB per agent)`);

  const dir = await mkdtemp(join(tmpdir(), 'sd-fleet-bench-'));
  const host = createHost({ dataDir: join(dir, 'host'), knownHostsReadOnlyFiles: [], warn: () => {} });
  const call = async <M extends HostMethod>(method: M, params: HostParamsInput<M>): Promise<HostResult<M>> => {
    const out = await host.call(method, params);
    if (!out.ok) throw new Error(`${method} failed: ${out.error.code} ${out.error.message}`);
    return out.result as HostResult<M>;
  };
  try {
    const ids: string[] = [];
    for (const [i, agentSocketPath] of sockets.entries()) {
      const { server } = await call('servers.add', { server: { name: `srv-${i}`, host: sshd.host, port: sshd.port, username: sshd.user.name, auth: { kind: 'key', keyPath: sshd.userKeyPath }, agentSocketPath } });
      ids.push(server.id);
    }
    const fleetIds = ids.slice(0, FLEET);
    const lone = ids[FLEET] as string;
    // One sshd serves them all: its host key, accepted once, is trusted for every server.
    const first = await call('servers.connect', { id: ids[0] as string });
    if (first.status !== 'hostKeyPrompt') throw new Error(`expected a host key prompt, got ${first.status}`);
    await call('hostKeys.decide', { promptId: first.hostKeyPrompt.promptId, decision: 'accept-save' });
    await call('servers.disconnect', { id: ids[0] as string });

    let value = 20;
    const push = async (draftServer: string, targets: string[]) => {
      await call('servers.connect', { id: draftServer });
      const { draft } = await call('drafts.create', { serverId: draftServer, title: 'bench' });
      await call('servers.disconnect', { id: draftServer });
      await call('drafts.update', { id: draft.id, expectedVersion: draft.version, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_INVITE', value: ++value % 2 === 0 ? 30 : 31 }] });
      const t = performance.now();
      const { results } = await call('drafts.fleetPush', { id: draft.id, serverIds: targets });
      const ms = performance.now() - t;
      const bad = results.filter((r) => r.outcome !== 'applied');
      if (bad.length > 0) throw new Error(`push: ${bad.length} not applied, e.g. ${JSON.stringify(bad[0])}`);
      await call('drafts.discard', { id: draft.id });
      return ms;
    };
    const overview = async (targets: string[]) => {
      const t = performance.now();
      const { rows } = await call('fleet.status', { serverIds: targets });
      const ms = performance.now() - t;
      const bad = rows.filter((r) => r.status !== 'answering');
      if (bad.length > 0) throw new Error(`overview: ${bad.length} rows not answering, e.g. ${JSON.stringify(bad[0])}`);
      return ms;
    };
    const samples: Record<string, number[]> = { 'overview@1': [], 'overview@100': [], 'push@1': [], 'push@100': [] };
    for (let r = 0; r < rounds; r++) {
      gc();
      samples['overview@1']!.push(await overview([lone]));
      gc();
      samples['overview@100']!.push(await overview(fleetIds));
      gc();
      samples['push@1']!.push(await push(lone, [lone]));
      gc();
      samples['push@100']!.push(await push(ids[0] as string, fleetIds));
    }
    console.log(`\nmedian of ${rounds} alternating rounds; ratio to the same work on 1 server`);
    for (const what of ['overview', 'push']) {
      const one = median(samples[`${what}@1`]!);
      const all = median(samples[`${what}@100`]!);
      const label = what === 'overview' ? 'fleet overview ready (fleet.status, every row)' : 'fleet push of one parameter';
      console.log(`  ${label.padEnd(48)} 1: ${one.toFixed(0).padStart(6)} ms   100: ${all.toFixed(0).padStart(6)} ms   ratio ${(all / one).toFixed(1)} × (${(all / one / FLEET).toFixed(2)} × per server)`);
    }

    const bound = 32;
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 300));
      }
      const m = process.memoryUsage();
      return { rss: m.rss, js: m.heapUsed + m.external };
    };
    const connectAll = async () => {
      for (const id of fleetIds.slice(0, bound)) await call('servers.connect', { id });
      return (await call('servers.states', {})).states.filter((s) => s.state === 'connected').length;
    };
    // Connected, disconnected, connected again: each delta against the state right before it, so
    // memory the earlier rounds left behind (or that the allocator returned since) is not counted.
    const perServer: { rss: number; js: number }[] = [];
    let live = 0;
    for (let r = 0; r < 3; r++) {
      const before = await settle();
      live = await connectAll();
      const after = await settle();
      perServer.push({ rss: (after.rss - before.rss) / live, js: (after.js - before.js) / live });
      for (const id of fleetIds.slice(0, bound)) await call('servers.disconnect', { id });
    }
    const kib = (xs: number[]) => `${(median(xs) / 1024).toFixed(0)} KiB`;
    console.log(`\nhost memory per connected server (${live} connected, median of 3): RSS ${kib(perServer.map((p) => p.rss))}, JS heap + external ${kib(perServer.map((p) => p.js))}; host RSS now ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
    await connectAll();
    for (const id of fleetIds.slice(bound, bound + 8)) await call('servers.connect', { id });
    const stillLive = (await call('servers.states', {})).states.filter((s) => s.state === 'connected').length;
    console.log(`after connecting 8 more: ${stillLive} connected (bound ${bound}; the least recently used idle ones were closed)`);
  } finally {
    await host.close();
    child.stdin!.end();
    await new Promise((r) => child.once('exit', r));
    await sshd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}


async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
