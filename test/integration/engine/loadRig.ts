// A load rig on loopback: sipp UAC (127.0.0.2, a mapping gateway) → Kamailio with the agent's
// rendered cfg (+ rtpengine) → sipp UAS (127.0.0.3, the routing gateway). Also runs the same
// sipp pair directly, without Kamailio, as a baseline. Used by load.test.ts and the bench.
import type BetterSqlite3 from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kamailioArgs, renderKamailioCfg } from '../../../switch-agent/src/engine/kamailio/renderCfg';
import type { KamailioSettings } from '../../../switch-agent/src/engine/kamailio/renderCfg';
import { pkgMbFor, tableLoadOf } from '../../../switch-agent/src/engine/engineSizing';
import type { EngineSizing } from '../../../switch-agent/src/engine/engineSizing';
import type { EngineTablesInput } from '../../../switch-agent/src/engine/kamailio/schema';
import type { KamailioTraceSettings } from '../../../switch-agent/src/engine/kamailio/traceCfg';
import { KamailioRpcClient } from '../../../switch-agent/src/engine/kamailio/rpcClient';
import { writeEngineTables } from '../../../switch-agent/src/engine/kamailio/schema';
import { rtpengineArgs } from '../../../switch-agent/src/engine/rtpengine/args';
import { NgClient } from '../../../switch-agent/src/engine/rtpengine/ngClient';
import { childOf, groupCpuMs, machineJiffies, socketCount, statCpuMs, udpDrops } from './procUsage';
import type { Watch } from './procUsage';
import { gaugePeaks, startSampler, windowCpu } from './stepSampler';
import type { Gauges, WindowCpu } from './stepSampler';
import { showOnFailure } from '../failureLogs';
import { freeUdpPort, mediaPorts, run, startGroup, stopGroup, udpPortBound, waitFor } from './procs';
import { uacXml, uasXml } from './scenarioXml';
import type { MediaCheck } from './scenarioXml';
import { CALL_CONTROL_DEFAULTS, DEFAULT_INVITE_TIMERS } from '../../../switch-agent/src/engine/kamailio/cfgCallControl';
// The optional features' flags from the rig's own tables, as snapshotToEngine derives them.
import { cfgFeatures } from '../../../switch-agent/src/engine/kamailio/cfgFeatures';
import { DEFAULT_AUTH_LIMITS } from '../../doubles/agent/authLimits';

// Loaded at run time: `npm run bench` bundles this file with esbuild, which cannot bundle the
// native module, while require() from here resolves it in node_modules.
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

export const PROXY_IP = '127.0.0.1';
export const CALLER_IP = '127.0.0.2';
export const GW_IP = '127.0.0.3';

export interface LoadResult {
  calls: number;
  rate: number;
  successful: number;
  failed: number;
  /** Requests sipp sent again for want of an answer within T1 (500 ms): calls that were delayed. */
  retransmissions: number;
  /** Per second of the step (sipp's -fd 1 periods): retransmissions and failed calls. */
  perSecond: { retransmissions: number; failed: number }[];
  /** sipp's exit code: 0 only when every call succeeded. */
  code: number | null;
  ms: number;
  /** sipp's error log (unexpected messages, e.g. a 403 in place of the 200 to BYE), trimmed. */
  errors: string;
  /** Each failed call's first unexpected reply, or 'timeout' when a reply never came. */
  failures: FailedCall[];
  /** CPU each component used during the step, and the machine's busy share (other users included). */
  cpu: StepCpu;
  /** Datagrams the kernel dropped during the step on each watched socket (receive buffer full). */
  drops: Record<string, number>;
  /**
   * CPU while the calls were offered (sipp's start to the last call's hangup), sampled every
   * 250 ms: `cpu` spans the whole sipp run, which for a failing step includes the 5 s receive
   * timeout of its lost calls and so dilutes the saturation the step hit.
   */
  offered?: WindowCpu;
  /** Highest value of each gauge during the step (rtpengine sessions, media ports, transactions…). */
  peaks: Record<string, number>;
}

/** CPU ms per component over one load step of `ms` wall time; `machineBusy` is 0–1 of all cores. */
export interface StepCpu {
  ms: number;
  components: Record<string, number>;
  machineBusy: number;
}

export type FailedCall = { status: number; method: string } | 'timeout';

/**
 * The failures in a sipp `-trace_err` log. Only the first event per Call-ID counts: after an
 * unexpected reply sipp aborts the call with a BYE of its own, whose answer is logged too.
 */
export function classifyFailures(log: string): FailedCall[] {
  const seen = new Set<string>();
  const out: FailedCall[] = [];
  for (const entry of log.split(/(?=\d{4}-\d\d-\d\d\t)/)) {
    const callId = /Call-Id:? '?([^\s',]+)/.exec(entry)?.[1];
    if (!callId || seen.has(callId)) continue;
    if (/receive timeout/.test(entry)) {
      seen.add(callId);
      out.push('timeout');
      continue;
    }
    if (!/Aborting call on unexpected message/.test(entry)) continue;
    seen.add(callId);
    const status = Number(/received 'SIP\/2\.0 (\d{3})/.exec(entry)?.[1] ?? 0);
    const method = /^CSeq: *\d+ +(\w+)/m.exec(entry)?.[1] ?? '?';
    out.push({ status, method });
  }
  return out;
}

/** Counts of failures by "<status> <method>" (or "timeout"), for assertion messages and the bench. */
export function failureSummary(f: FailedCall[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of f) {
    const k = x === 'timeout' ? 'timeout' : `${x.status} ${x.method}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export interface RigOptions {
  /** sipp UAC hold time between ACK and BYE. */
  holdMs?: number;
  /** Socket buffers of both sipps (SIPP_BIG_BUFFERS), for a rig that climbs to the machine's limit; absent: sipp's own 64 kB. */
  sippBufferBytes?: number;
  udpWorkers?: number;
  /** Workers, buffers and rtpengine timeouts/threads (engineSizing.ts); wins over udpWorkers. */
  sizing?: EngineSizing;
  shmMb?: number;
  logLevel?: number;
  /** rtpengine port range; the default keeps clear of the other suites' ranges (20000–59999). */
  rtpPorts?: { min: number; max: number };
  /** Extra rtpengine arguments (e.g. a shorter --delete-delay so a long run does not exhaust ports). */
  rtpengineExtraArgs?: string[];
  /** Extra Kamailio arguments, for experiments (e.g. another memory manager). */
  kamailioExtraArgs?: string[];
  /**
   * A program Kamailio runs under, with its own arguments (bench/engineInstructions: valgrind).
   * Such a Kamailio is many times slower, so its start, RPC replies and exit are waited for longer.
   */
  kamailioUnder?: string[];
  /** Transforms the rendered cfg, for experiments; the tests leave it alone. */
  patchCfg?: (cfg: string) => string;
  /** Renders the cfg in place of the agent's from the same settings (the bench's hand-written baseline). */
  renderCfg?: (settings: KamailioSettings) => string;
  /** Gateways besides the rig's own caller and callee (e.g. 10,000 of each); private memory is then sized for them. */
  extraTables?: Pick<EngineTablesInput, 'mappingGateways' | 'routingGateways'>;
  /** HEP mirroring to a trace listener (rendered off; `siptrace.status on` starts it). */
  trace?: KamailioTraceSettings;
  /**
   * Sample rtpengine's sessions and sockets and Kamailio's transactions and dialogs during each
   * step (their peaks go into the result): the bench's account. Off for tests: the queries are
   * load of their own.
   */
  gauges?: boolean;
  /** Digest accounts (as endpoints become): REGISTERs are then challenged and the limits apply. */
  passwordAccounts?: { username: string; password: string }[];
}

export interface LoadRig {
  readonly dir: string;
  /** Where calls go: Kamailio, or the UAS itself for the direct baseline. */
  readonly target: { host: string; port: number };
  /** Where Kamailio's acc writes CDR files (flatstore); absent for the direct rig. */
  readonly cdrDir?: string;
  /** Kamailio's stderr (last 2 MB); empty for the direct rig. */
  log(): string;
  /** rtpengine's lines about media ports it could not get, all of them so far; none for the direct rig. */
  rtpenginePortLines(): readonly string[];
  rpc(): KamailioRpcClient | undefined;
  /** The gauges' values now (none unless started with `gauges`): the bench waits on them to drain after a failing step. */
  gauges(): Promise<Record<string, number | undefined>>;
  /** A step of calls; with `media`, a call whose 200 OK's SDP does not match it fails. */
  load(calls: number, rate: number, callee?: string, media?: MediaCheck): Promise<LoadResult>;
  stop(): Promise<void>;
}

/** Column `name` of every period line of a sipp `-trace_stat` CSV. */
export function statSeries(csv: string, name: string): number[] {
  const lines = csv.trim().split('\n');
  const i = (lines[0] ?? '').split(';').indexOf(name);
  return i < 0 ? [] : lines.slice(1).map((l) => Number(l.split(';')[i]));
}

/** Last value of column `name` in a sipp `-trace_stat` CSV (';'-separated, one header line). */
export function statColumn(csv: string, name: string): number {
  const lines = csv.trim().split('\n');
  const head = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const i = head.indexOf(name);
  if (i < 0 || lines.length < 2) throw new Error(`sipp stats: no column ${name}`);
  return Number(last[i]);
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** What a step watches: process groups' CPU and sockets' drops, by component name. */
interface Watched {
  groups: Record<string, ChildProcess>;
  sockets: Record<string, { host: string; port: number }>;
  /** Sampled during the step; their peaks go into the result. */
  gauges?: Gauges;
}

/**
 * sipp socket buffers for the engineLoad ladder (its -buff_size; sipp's default is 64 kB, about 30
 * datagrams). At 1,600 calls/s a stall of a few milliseconds, while Kamailio and rtpengine take both
 * cores, overflowed sipp's own buffer: steps failed on datagrams the load generator dropped
 * ("dropped datagrams: sipp-uas 381"), not on the engine. As large as Kamailio's (the kernel caps it
 * at net.core.rmem_max). Not for the tests: load.test.ts starves a 64 MB pool on purpose, and with
 * sipp dropping nothing it broke a few calls once in CI (500 to BYE); it passed for many runs as it was.
 */
export const SIPP_BIG_BUFFERS = 4 * 1024 * 1024;
const sippBuffer = (bytes: number | undefined): string[] => (bytes === undefined ? [] : ['-buff_size', String(bytes)]);

/** The UAC runs under sh, which prints its own stat after reaping sipp: cutime is sipp's CPU. */
const UAC_CPU_MARK = 'SD_UAC_STAT ';
const UAC_WRAPPER = `sipp "$@"; rc=$?; read -r s < /proc/$$/stat; echo "${UAC_CPU_MARK}$s"; exit $rc`;

function uacCpuMs(output: string): number {
  const line = output.split('\n').find((l) => l.startsWith(UAC_CPU_MARK));
  return line ? statCpuMs(line.slice(UAC_CPU_MARK.length), true) : Number.NaN;
}

/** One load step: `calls` calls at `rate` calls/s to `callee`, each held `holdMs`. */
export interface LoadStep {
  /** Where the step's scenario, statistics and errors files go. */
  dir: string;
  target: { host: string; port: number };
  holdMs: number;
  calls: number;
  rate: number;
  callee: string;
  /** Processes, sockets and gauges whose CPU, drops and peaks the result reports. */
  watched?: Watched;
  media?: MediaCheck;
  sippBufferBytes?: number;
}

/** One sipp UAC step from CALLER_IP to `target`; any Kamailio (a rig's, or an agent's) in between. */
export async function runLoad(step: LoadStep): Promise<LoadResult> {
  const { dir, target, holdMs, calls, rate, callee, media, sippBufferBytes } = step;
  const { groups, sockets, gauges } = step.watched ?? { groups: {}, sockets: {} };
  const tag = `load-${rate}-${Date.now()}`;
  const scenario = join(dir, `${tag}.xml`);
  writeFileSync(scenario, uacXml({ expect: 'answer', holdMs, ...(media && { media }) }));
  const stats = join(dir, `${tag}.csv`);
  const errors = join(dir, `${tag}.err`);
  const expectedMs = (calls / rate) * 1000 + holdMs;
  const uacPort = await freeUdpPort(CALLER_IP);
  const watched = { ...sockets, 'sipp-uac': { host: CALLER_IP, port: uacPort } };
  const cpuBefore = Object.fromEntries(Object.entries(groups).map(([k, p]) => [k, p.pid ? groupCpuMs(p.pid) : 0]));
  const machineBefore = machineJiffies();
  const dropsBefore = Object.fromEntries(Object.entries(watched).map(([k, a]) => [k, udpDrops(a.host, a.port)]));
  let uacShell: number | undefined;
  let uacSipp: number | undefined;
  const watch = (): Record<string, Watch> => {
    uacSipp ??= uacShell === undefined ? undefined : childOf(uacShell);
    return {
      ...(uacSipp !== undefined && { 'sipp-uac': { pid: uacSipp } }),
      ...Object.fromEntries(Object.entries(groups).flatMap(([k, p]) => (p.pid ? [[k, { pgid: p.pid }]] : []))),
    };
  };
  const sampler = startSampler(watch, gauges ?? {});
  const r = await run('sh', ['-c', UAC_WRAPPER, 'sh',
    '-sf', scenario, '-i', CALLER_IP, '-p', String(uacPort), ...sippBuffer(sippBufferBytes), '-s', callee, `${target.host}:${target.port}`,
    '-m', String(calls), '-r', String(rate), '-l', String(rate * 10),
    // A call that loses a message fails after 5 s rather than hanging the run.
    '-recv_timeout', '5000', '-timeout', `${Math.ceil(expectedMs / 1000) + 20}s`, '-nostdin',
    '-trace_stat', '-stf', stats, '-fd', '1', '-trace_err', '-error_file', errors,
  ], dir, expectedMs + 30_000, (pid) => (uacShell = pid));
  const samples = await sampler.stop();
  const offered = windowCpu(samples, 0, expectedMs);
  const machineAfter = machineJiffies();
  const drops = Object.fromEntries(Object.entries(watched).map(([k, a]) => [k, udpDrops(a.host, a.port) - (dropsBefore[k] ?? 0)]));
  const components: Record<string, number> = { 'sipp-uac': uacCpuMs(r.output) };
  for (const [k, p] of Object.entries(groups)) components[k] = (p.pid ? groupCpuMs(p.pid) : 0) - (cpuBefore[k] ?? 0);
  const cpu: StepCpu = { ms: r.ms, components, machineBusy: (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total) };
  const csv = readOr(stats, '');
  const parsed = csv
    ? { ok: statColumn(csv, 'SuccessfulCall(C)'), failed: statColumn(csv, 'FailedCall(C)'), retransmissions: statColumn(csv, 'Retransmissions(C)') }
    : { ok: 0, failed: calls, retransmissions: 0 };
  const errLog = readOr(errors, '');
  return {
    calls, rate, successful: parsed.ok, failed: parsed.failed, retransmissions: parsed.retransmissions, code: r.code, ms: r.ms,
    perSecond: statSeries(csv, 'Retransmissions(P)').map((retransmissions, k) => ({ retransmissions, failed: statSeries(csv, 'FailedCall(P)')[k] ?? 0 })),
    errors: errLog.slice(0, 4000) || (r.code === 0 ? '' : r.output.slice(-2000)),
    failures: classifyFailures(errLog), cpu, drops, ...(offered && { offered }), peaks: gaugePeaks(samples),
  };
}

/**
 * Offers rtpengine could not give media ports, by why (its log, which prints a refusal at any
 * level from 3): its pool was empty ("last error: Success") or a port it picked was held by
 * another process ("Address already in use": a suite running at the same time in the range).
 */
export function portRefusals(rtpengineLines: readonly string[]): { poolEmpty: number; portTaken: number } {
  const out = { poolEmpty: 0, portTaken: 0 };
  for (const line of rtpengineLines) {
    const m = /Failed to get \d+ consecutive ports on interface .*\(last error: ([^)]*)\)/.exec(line);
    if (!m) continue;
    if (m[1] === 'Address already in use') out.portTaken++;
    else out.poolEmpty++;
  }
  return out;
}

/** An integer entry of an ng reply's dictionary, if there is one. */
function ngCount(dict: unknown, key: string): number | undefined {
  const v = dict && typeof dict === 'object' ? (dict as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? v : undefined;
}

/** The value of a one-statistic `stats.get_statistics` answer (["tmx:inuse_transactions = 12"]). */
export function kamailioStat(reply: unknown): number | undefined {
  const line = Array.isArray(reply) ? reply[0] : undefined;
  const m = typeof line === 'string' ? /=\s*(\d+)\s*$/.exec(line) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * A stderr reader that keeps only the lines `keep` picks (into `into`): rtpengine at info prints
 * megabytes a step, which a whole-log buffer would copy over and over in the bench's own process.
 */
function keepLines(keep: (line: string) => boolean, into: string[]): (d: Buffer) => void {
  let partial = '';
  return (d) => {
    const text = partial + d.toString();
    const end = text.lastIndexOf('\n');
    partial = text.slice(end + 1).slice(-4096);
    if (end >= 0) for (const line of text.slice(0, end).split('\n')) if (keep(line)) into.push(line);
  };
}

/** Reads a child's output away: an undrained pipe fills and blocks rtpengine/sipp mid-run. */
function drain(p: ChildProcess, keep?: (d: Buffer) => void): ChildProcess {
  p.stdout?.on('data', () => undefined);
  p.stderr?.on('data', keep ?? (() => undefined));
  return p;
}

async function startUas(dir: string, holdMs: number, sippBufferBytes?: number): Promise<{ proc: ChildProcess; port: number }> {
  const port = await freeUdpPort(GW_IP);
  const file = join(dir, 'uas.xml');
  writeFileSync(file, uasXml());
  // -timeout bounds a forgotten process; the rig's stop() ends it first.
  const proc = drain(startGroup('sipp', ['-sf', file, '-i', GW_IP, '-p', String(port), ...sippBuffer(sippBufferBytes), '-nostdin', '-timeout', '900s', '-recv_timeout', String(holdMs + 10_000)], dir));
  // A deadline, not a wait: 5 s ran out in a full suite run under load (as in agentHarness's Gateways).
  await waitFor(`sipp UAS on ${GW_IP}:${port}`, 15_000, async () => {
    if (proc.exitCode !== null) throw new Error(`sipp exited with code ${proc.exitCode} (254: the port was taken)`);
    return (await udpPortBound(GW_IP, port)) ? true : undefined;
  });
  return { proc, port };
}

/** The sipp UAS alone: the UAC calls it directly (the baseline for ratios). */
export async function startDirectRig(o: RigOptions = {}): Promise<LoadRig> {
  const holdMs = o.holdMs ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'sd-load-direct-'));
  const uas = await startUas(dir, holdMs);
  const target = { host: GW_IP, port: uas.port };
  return {
    dir, target,
    log: () => '',
    rtpenginePortLines: () => [],
    rpc: () => undefined,
    gauges: async () => ({}),
    load: (calls, rate, callee = '3000', media) => runLoad({ dir, target, holdMs, calls, rate, callee, watched: { groups: { 'sipp-uas': uas.proc }, sockets: { 'sipp-uas': target } }, ...(media && { media }) }),
    async stop() {
      await stopGroup(uas.proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Kamailio with the agent's cfg, one mapping gateway (CALLER_IP) and one routing gateway. */
export async function startKamailioRig(o: RigOptions = {}): Promise<LoadRig> {
  const holdMs = o.holdMs ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'sd-load-'));
  const procs: ChildProcess[] = [];
  let rpc: KamailioRpcClient | undefined;
  let log = '';
  const portLines: string[] = [];
  // A failed test prints the rig's Kamailio log too (what it refused, what memory it lacked).
  const closers: (() => void)[] = [showOnFailure('kamailio (load rig)', () => log)];
  let kamailio: ChildProcess | undefined;
  /** How many times longer a Kamailio run under another program (kamailioUnder) is waited for. */
  const slow = o.kamailioUnder ? 20 : 1;
  const stop = async () => {
    for (const close of closers) close();
    rpc?.close();
    await Promise.all(procs.map((p) => stopGroup(p, p === kamailio ? 3000 * slow : undefined)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const cdrDir = join(dir, 'cdr');
    mkdirSync(cdrDir);
    const uas = await startUas(dir, holdMs, o.sippBufferBytes);
    procs.push(uas.proc);
    const db = new Database(join(dir, 'engine.sqlite'));
    const tables = {
      mappingGateways: [
        { name: 'mgw-load', ips: [{ ip: CALLER_IP }] },
        ...(o.passwordAccounts ?? []).map((credentials) => ({ name: `endpoint/${credentials.username}`, ips: [], credentials })),
        ...(o.extraTables?.mappingGateways ?? []),
      ],
      routingGateways: [{ name: 'gw-load', prefixes: [], priority: 1, addresses: [{ host: GW_IP, port: uas.port }] }, ...(o.extraTables?.routingGateways ?? [])],
    };
    const plan = writeEngineTables(db, tables);
    db.close();

    const ngPort = await freeUdpPort(PROXY_IP);
    const ports = mediaPorts(o.rtpPorts?.min ?? 61000, o.rtpPorts ? o.rtpPorts.max - o.rtpPorts.min + 1 : 4536);
    const rtp = drain(startGroup('rtpengine', [...rtpengineArgs({
      interface: PROXY_IP, ngHost: PROXY_IP, ngPort, portMin: ports.min, portMax: ports.max,
      ...(o.sizing?.rtpengineThreads ? { threads: o.sizing.rtpengineThreads } : {}),
      ...(o.sizing && { deleteDelaySec: o.sizing.rtpengineDeleteDelaySec, logLevel: o.sizing.rtpengineLogLevel }),
    }), ...(o.rtpengineExtraArgs ?? [])], dir), keepLines((l) => l.includes('consecutive ports'), portLines));
    procs.push(rtp);
    const ng = new NgClient({ host: PROXY_IP, port: ngPort, timeoutMs: 300 });
    await waitFor('rtpengine ng ping', 15_000, async () => (await ng.ping().then(() => true)));
    ng.close();
    // The sampler's own ng client: a late statistics reply is left out of its sample, not waited for.
    const probe = new NgClient({ host: PROXY_IP, port: ngPort, timeoutMs: 400, resendMs: 1000 });
    closers.push(() => probe.close());

    const target = { host: PROXY_IP, port: await freeUdpPort(PROXY_IP) };
    const settings: KamailioSettings = {
      listen: { address: target.host, port: target.port },
      paths: { rundir: dir, configDb: join(dir, 'engine.sqlite'), cdrDir, rpcFifo: join(dir, 'rpc.fifo'), rpcReplyDir: dir, ctlSocket: join(dir, 'ctl.sock') },
      rtpengine: { ngAddress: PROXY_IP, ngPort, ...(o.sizing && { timeoutMs: o.sizing.rtpengineTimeoutMs, tries: o.sizing.rtpengineTries }) },
      udpWorkers: o.sizing?.udpWorkers ?? o.udpWorkers ?? 4,
      ...(o.sizing && { receiveBufferBytes: o.sizing.receiveBufferBytes }),
      logLevel: o.logLevel ?? 1,
      // The catalog's SIP timeouts (a switch nobody tuned): the attempt takes them from the script's
      // constants, not from cfg reads (cfgFeatures.ts customInviteTimers).
      params: { ...CALL_CONTROL_DEFAULTS, replyUnauthorized: true, sipTimeoutInviteSec: DEFAULT_INVITE_TIMERS.inviteSec, sipTimeoutRingingSec: DEFAULT_INVITE_TIMERS.ringingSec, stopSwitchAfterSdp: true, authChallengeCode: 401, passwordGateways: (o.passwordAccounts ?? []).length > 0, ...DEFAULT_AUTH_LIMITS, ...cfgFeatures(tables, {}) },
      ...(o.trace ? { trace: o.trace } : {}),
    };
    const cfgPath = join(dir, 'kamailio.cfg');
    const cfg = (o.renderCfg ?? renderKamailioCfg)(settings);
    writeFileSync(cfgPath, o.patchCfg ? o.patchCfg(cfg) : cfg);
    const kamArgs = kamailioArgs({ cfgPath, pidFile: join(dir, 'kamailio.pid'), shmMb: o.shmMb ?? 256, pkgMb: o.extraTables ? pkgMbFor(tableLoadOf(plan)) : 8 }).concat(o.kamailioExtraArgs ?? []);
    const [under, ...underArgs] = o.kamailioUnder ?? [];
    const kam = under ? startGroup(under, [...underArgs, 'kamailio', ...kamArgs], dir) : startGroup('kamailio', kamArgs, dir);
    kamailio = kam;
    procs.push(drain(kam, (d) => (log = (log + d.toString()).slice(-2_000_000))));
    const client = await KamailioRpcClient.open({ fifoPath: settings.paths.rpcFifo, replyDir: dir, timeoutMs: 2000 * slow });
    rpc = client;
    await waitFor('kamailio RPC', 10_000 * slow, async () => (kam.exitCode === null ? ((await client.call('core.version')) as string) : undefined));
    const gauges: Gauges = o.gauges ? {
      'rtpengine sessions': async () => ngCount((await probe.command('statistics')).currentstatistics, 'sessionsown'),
      // Its sockets, not the range's: a suite running at the same time may bind ports in the range too.
      'rtpengine sockets': () => (rtp.pid ? socketCount(rtp.pid) : undefined),
      'kamailio transactions': async () => kamailioStat(await client.call('stats.get_statistics', ['inuse_transactions'], 400)),
      'kamailio dialogs': async () => kamailioStat(await client.call('stats.get_statistics', ['active_dialogs'], 400)),
    } : {};
    return {
      dir, target, cdrDir,
      log: () => log,
      rtpenginePortLines: () => portLines,
      rpc: () => rpc,
      gauges: async () => Object.fromEntries(await Promise.all(Object.entries(gauges).map(async ([k, read]) => [k, await read()] as const))),
      load: (calls, rate, callee = '3000', media) => runLoad({
        dir, target, holdMs, calls, rate, callee,
        watched: {
          groups: { kamailio: kam, rtpengine: rtp, 'sipp-uas': uas.proc },
          sockets: { 'kamailio sip': target, 'rtpengine ng': { host: PROXY_IP, port: ngPort }, 'sipp-uas': { host: GW_IP, port: uas.port } },
          gauges,
        },
        ...(media && { media }),
        ...(o.sippBufferBytes !== undefined && { sippBufferBytes: o.sippBufferBytes }),
      }),
      stop,
    };
  } catch (e) {
    await stop();
    throw new Error(`kamailio load rig: ${(e as Error).message}\n${log}`, { cause: e });
  }
}
