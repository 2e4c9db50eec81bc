// One real switch-agent in-process (startAgent: store, Kamailio + rtpengine, CDR ingestion,
// admin/view sockets) in a temp dir, plus the clients and sipp gateways the suite drives it with.
// Everything it starts is stopped by `stop()`; readiness is polled with deadlines, never slept.
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { RpcError } from '@shared/rpc/errors';
import type { AgentResult, EngineStatus } from '@shared/rpc/agentApi';
import { AgentClient } from '../../../electron/core/agent';
import { AgentConfigSchema } from '../../../switch-agent/src/config/agentConfig';
import type { RpcLogger } from '../../../switch-agent/src/rpc';
import { startAgent, type RunningAgent } from '../../../switch-agent/src/serve';
import { freeUdpPort, mediaPorts, startBoundSipp, stopGroup } from '../engine/procs';
import { showOnFailure } from '../failureLogs';

export const SIP_IP = '127.0.0.1';

/** A log that keeps the agent's last lines so a failing assertion can show them. */
export class TailLogger implements RpcLogger {
  private lines: string[] = [];
  info(m: string, f?: Record<string, unknown>): void { this.push('info', m, f); }
  warn(m: string, f?: Record<string, unknown>): void { this.push('warn', m, f); }
  error(m: string, f?: Record<string, unknown>): void { this.push('error', m, f); }
  text(): string { return this.lines.join('\n'); }
  private push(level: string, m: string, f?: Record<string, unknown>): void {
    this.lines.push(`${level} ${m} ${f ? JSON.stringify(f) : ''}`);
    if (this.lines.length > 200) this.lines = this.lines.slice(-100);
  }
}

export interface TestAgent {
  readonly agent: RunningAgent;
  readonly dir: string;
  readonly dataDir: string;
  readonly sip: { host: string; port: number };
  readonly log: TailLogger;
  /** Opens a client on the admin or view socket, closed by stop(). */
  client(role: 'admin' | 'view', user: string): Promise<AgentClient>;
  /** The `cdrs` rows the agent ingested for a callee, read-only from `<dataDir>/agent.db`. */
  cdrs(callee: string): CdrRow[];
  kamailio(): Promise<EngineStatus>;
  /**
   * Stops the agent (clients closed) and starts it again on the same folders and key file.
   * `keepEngines`: as with the handover marker — the engines keep running and the new agent adopts them.
   */
  restart(opts?: { keepEngines?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export interface CdrRow { call_id: string; mapping_gateway: string | null; routing_gateway: string | null; sip_code: number | null; callee: string; attempts: string | null; duration: number; ended_by: string | null }

function connectUnix(path: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const s = net.connect(path);
    s.once('error', reject);
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

/**
 * `adminGroup`: a group whose members (e.g. the sshd test user) may reach admin.sock; the dirs are
 * then opened to them. `pkgMb`: Kamailio's private memory per process (db_sqlite reads a whole
 * table into it: 8 MB is too little for 10,000 drouting rules); null = sized by the agent from the
 * tables, as in production. Any other key is an agent setting
 * added to the test defaults (e.g. `monitor`), and `engine` fields are merged into the engine's.
 */
export interface TestAgentOptions {
  /** Runs on the empty data directory before the agent starts (e.g. to mount a small file system there). */
  prepareDataDir?(dataDir: string, dir: string): void;
  adminGroup?: string;
  pkgMb?: number | null;
  engine?: Record<string, unknown>;
  [setting: string]: unknown;
}

export async function startTestAgent(opts: TestAgentOptions = {}): Promise<TestAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-agent-'));
  if (opts.adminGroup) chmodSync(dir, 0o755);
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'run');
  mkdirSync(dataDir);
  mkdirSync(socketDir);
  opts.prepareDataDir?.(dataDir, dir);
  const sip = { host: SIP_IP, port: await freeUdpPort(SIP_IP) };
  // Away from the ranges the other suites use (see mediaPorts), so the suites can run together.
  const rtpBase = mediaPorts(20000 + (process.pid % 90) * 100, 100).min;
  const { engine: engineSettings, prepareDataDir: _prepare, adminGroup: _group, pkgMb: _pkg, ...otherSettings } = opts;
  const cfg = AgentConfigSchema.parse({
    ...otherSettings,
    dataDir,
    socketDir,
    secretKeyFile: join(dir, 'secret.key'),
    adminGroup: opts.adminGroup ?? null,
    viewGroup: null,
    engine: {
      sipAddress: SIP_IP, sipPort: sip.port, rtpengineNgPort: await freeUdpPort(SIP_IP),
      rtpPortMin: rtpBase, rtpPortMax: rtpBase + 99, shmMb: 64, pkgMb: opts.pkgMb === undefined ? 8 : opts.pkgMb,
      ...engineSettings,
    },
  });
  const log = new TailLogger();
  const hideLog = showOnFailure(`agent log (${dir})`, () => log.text());
  // The engines outlive a handover restart (restart({ keepEngines })) but not this test process.
  let agent = await startAgent(cfg, log, { enginesDieWithProcess: true });
  const clients: AgentClient[] = [];
  let db: Database.Database | undefined;

  const t: TestAgent = {
    get agent() {
      return agent;
    },
    dir, dataDir, sip, log,
    async client(role, user) {
      const stream = await connectUnix(role === 'admin' ? agent.adminSocket : agent.viewSocket);
      const c = await AgentClient.connect(stream, { server: `test-${role}`, client: { name: 'agent-serve.test', version: '0', user } });
      clients.push(c);
      return c;
    },
    cdrs(callee) {
      db ??= new Database(join(dataDir, 'agent.db'), { readonly: true, fileMustExist: true });
      return db.prepare('SELECT call_id, mapping_gateway, routing_gateway, sip_code, callee, attempts, duration, ended_by FROM cdrs WHERE callee = ? ORDER BY id').all(callee) as CdrRow[];
    },
    async kamailio() {
      const c = clients.find((x) => !x.closed) ?? (await t.client('view', 'status'));
      const { engines } = await c.call('engine.status', {});
      const k = engines.find((e) => e.name === 'kamailio');
      if (!k) throw new Error('engine.status has no kamailio entry');
      return k;
    },
    async restart(opts = {}) {
      await Promise.allSettled(clients.splice(0).map((c) => c.close()));
      await agent.stop(opts);
      agent = await startAgent(cfg, log, { enginesDieWithProcess: true });
    },
    async stop() {
      await Promise.allSettled(clients.map((c) => c.close()));
      db?.close();
      await agent.stop();
      hideLog();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (agent.engine.status().kamailio.state !== 'running') {
    await t.stop();
    throw new Error(`engine did not start:\n${log.text()}`);
  }
  return t;
}

/** sipp callees listening on loopback addresses; each scenario on its own port. */
export class Gateways {
  private readonly procs: ChildProcess[] = [];
  constructor(private readonly dir: string) {}

  /**
   * `extra`: more sipp arguments (e.g. -trace_msg -message_file FILE to see what arrived); `port`:
   * a port chosen before (e.g. the one a device registered from), else a free one.
   */
  async start(host: string, scenarioFile: string, extra: string[] = [], port?: number): Promise<number> {
    const sipp = await startBoundSipp(host, ['-sf', scenarioFile, '-nostdin', '-timeout', '180s', ...extra], this.dir, port);
    this.procs.push(sipp.child);
    return sipp.port;
  }

  stop(): Promise<unknown> {
    return Promise.allSettled(this.procs.map((p) => stopGroup(p)));
  }
}

/** The RpcError a call failed with (fails the test if it succeeded). */
export async function rpcFailure(p: Promise<unknown>): Promise<RpcError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export type ApplyResult = AgentResult<'config.apply'>;
