// The built agent (`dist/switch-agent/switch-agent.mjs serve`) as a process of its own, in a folder
// of its own, with free SIP and ng ports and a small media block: what the crash and handover tests
// kill, restart and take an engine census of (engineCensus.ts). Also the one route both those
// tests and current-calls send calls through (a mapping gateway for the caller, a routing gateway).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentClient } from '../../../electron/core/agent';
import type { ProcInfo } from '../../../switch-agent/src/engine/leftovers';
import { freeUdpPort, mediaPorts } from '../engine/procs';
import { connectAgent, processesWith } from './engineCensus';

export const AGENT_ENTRY = fileURLToPath(new URL('../../../dist/switch-agent/switch-agent.mjs', import.meta.url));

export interface BuiltAgentRig {
  readonly dir: string;
  readonly dataDir: string;
  readonly socketDir: string;
  /** Where the agent keeps kamailio.cfg, the engine tables and the owner records. */
  readonly engineDir: string;
  readonly settingsFile: string;
  /** The agent settings as written; change them and call writeSettings(). */
  readonly settings: Record<string, unknown> & { engine: Record<string, unknown> };
  readonly sip: { host: string; port: number };
  readonly ngPort: number;
  writeSettings(): void;
  /** Starts `serve`; its output is kept (output()). */
  start(): ChildProcess;
  /** The last output of the agents started here. */
  output(): string;
  /** A client on the admin socket; rejects while nothing listens there. */
  connect(name: string): Promise<AgentClient>;
  /** Live Kamailio processes (main and workers) running this rig's cfg. */
  kamailioProcs(): ProcInfo[];
  /** Live rtpengine processes on this rig's ng port. */
  rtpengineProcs(): ProcInfo[];
  /** SIGKILLs every engine still running this rig's command lines (started by its agents), removes the folder. */
  cleanup(): void;
}

/** A folder `sd-<prefix>-…`, settings for the agent on `sipIp`, media ports from `rtpBase` (20 of them). */
export async function builtAgentRig(
  o: { prefix: string; sipIp: string; rtpBase: number; /** More agent settings, given the rig's folder. */ settings?: (dir: string) => Record<string, unknown> },
): Promise<BuiltAgentRig> {
  if (!existsSync(AGENT_ENTRY)) throw new Error(`${AGENT_ENTRY} is missing: run \`npm run build\` first`);
  const dir = mkdtempSync(join(tmpdir(), `sd-${o.prefix}-`));
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'run');
  mkdirSync(dataDir);
  mkdirSync(socketDir);
  const engineDir = join(dataDir, 'engine');
  const sip = { host: o.sipIp, port: await freeUdpPort(o.sipIp) };
  const ngPort = await freeUdpPort(o.sipIp);
  const rtp = mediaPorts(o.rtpBase, 20);
  const settings = {
    // The key in the rig's folder: the default (/etc/switch-agent/keys) belongs to the installed package,
    // which the packaging tests install and purge at the same time in the other part.
    dataDir, socketDir, adminGroup: null, viewGroup: null, secretKeyFile: join(dir, 'secret.key'), ...o.settings?.(dir),
    engine: {
      kamailioBin: '/usr/sbin/kamailio', rtpengineBin: '/usr/bin/rtpengine',
      sipAddress: sip.host, sipPort: sip.port, rtpengineNgPort: ngPort,
      rtpPortMin: rtp.min, rtpPortMax: rtp.max, shmMb: 64, pkgMb: 8,
    },
  };
  const settingsFile = join(dir, 'agent.json');
  const writeSettings = () => writeFileSync(settingsFile, JSON.stringify(settings));
  writeSettings();
  let output = '';
  const kamailioProcs = () => processesWith(join(engineDir, 'kamailio.cfg'));
  const rtpengineProcs = () => processesWith(`--listen-ng=${sip.host}:${ngPort}`);
  return {
    dir, dataDir, socketDir, engineDir, settingsFile, settings, sip, ngPort, writeSettings, kamailioProcs, rtpengineProcs,
    start() {
      const child = spawn(process.execPath, [AGENT_ENTRY, 'serve', '-c', settingsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (d: Buffer) => (output = (output + d.toString()).slice(-6000));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      return child;
    },
    output: () => output,
    async connect(name) {
      const client = await connectAgent(join(socketDir, 'admin.sock'), name);
      if (!client) throw new Error(`no agent answers on ${join(socketDir, 'admin.sock')}`);
      return client;
    },
    cleanup() {
      for (const p of [...kamailioProcs(), ...rtpengineProcs()]) process.kill(p.pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls from `callerIp` (a mapping gateway authorised by address) with a number starting with 1 go to the gateway at `gw`. */
export async function routeCallsThrough(admin: AgentClient, callerIp: string, gw: { host: string; port: number }): Promise<void> {
  const { snapshot } = await admin.call('config.get', {});
  await admin.call('config.apply', {
    baseRevision: snapshot.revision,
    ops: [
      { op: 'mappingGateway.upsert', gateway: { name: 'mgw-in', authMode: 'ip', ips: [{ ip: callerIp }] } },
      { op: 'routingGateway.upsert', gateway: { name: 'gw-out', prefixes: ['1'], addresses: [{ host: gw.host, port: gw.port }] } },
    ],
  });
}
