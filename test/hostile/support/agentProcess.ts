// The built switch-agent (`node dist/switch-agent/switch-agent.mjs serve`) as a real process in its
// own process group, in a temp dir, with its resident memory read from /proc. The suite never
// builds it: that is `npm run build`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentClient } from '../../../electron/core/agent';
import { freeUdpPort, waitFor } from '../../integration/engine/procs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** SWITCHDECK_AGENT_ENTRY runs the suite against another build (e.g. an older one, to compare). */
export const AGENT_ENTRY = process.env.SWITCHDECK_AGENT_ENTRY ?? path.join(REPO, 'dist/switch-agent/switch-agent.mjs');

export interface AgentProcess {
  readonly pid: number;
  readonly adminSocket: string;
  readonly viewSocket: string;
  /** Kamailio's SIP address and port (when the engine is enabled). */
  readonly sip: { host: string; port: number };
  /** Resident memory now, in MiB (VmRSS). */
  rssMb(): number;
  alive(): boolean;
  /** The agent's own log (stderr), for failure messages. */
  logTail(lines?: number): string;
  /** A well-behaved client, closed by stop(). */
  client(role: 'admin' | 'view', user?: string): Promise<AgentClient>;
  stop(): Promise<void>;
}

export async function startAgentProcess(opts: { engine: boolean; nodeArgs?: string[] }): Promise<AgentProcess> {
  if (!existsSync(AGENT_ENTRY)) throw new Error(`the hostile suite runs the built agent; run \`npm run build\` first (missing ${path.relative(REPO, AGENT_ENTRY)})`);
  const dir = mkdtempSync(path.join(tmpdir(), 'sd-hostile-'));
  const socketDir = path.join(dir, 'run');
  mkdirSync(socketDir);
  const rtpBase = 21000 + (process.pid % 40) * 100;
  const settings = {
    dataDir: path.join(dir, 'data'),
    secretKeyFile: path.join(dir, 'secret.key'),
    socketDir,
    adminGroup: null,
    viewGroup: null,
    engine: {
      enabled: opts.engine,
      sipAddress: '127.0.0.1',
      sipPort: await freeUdpPort('127.0.0.1'),
      rtpengineNgPort: await freeUdpPort('127.0.0.1'),
      rtpPortMin: rtpBase,
      rtpPortMax: rtpBase + 99,
      shmMb: 64,
      pkgMb: 8,
    },
  };
  const settingsFile = path.join(dir, 'agent.json');
  writeFileSync(settingsFile, JSON.stringify(settings));
  const logFile = path.join(dir, 'agent.log');
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), AGENT_ENTRY, 'serve', '--config', settingsFile], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the agent process');
  const adminSocket = path.join(socketDir, 'admin.sock');
  const viewSocket = path.join(socketDir, 'view.sock');
  const clients: AgentClient[] = [];
  const logTail = (lines = 30) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };
  const alive = () => child.exitCode === null && child.signalCode === null;

  const stop = async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    if (alive()) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-pid, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitFor('the agent to accept connections on view.sock', 30_000, async () => {
      if (!alive()) throw new Error(`the agent exited:\n${logTail()}`);
      return (await canConnect(viewSocket)) ? true : undefined;
    });
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    pid,
    adminSocket,
    viewSocket,
    sip: { host: settings.engine.sipAddress, port: settings.engine.sipPort },
    rssMb: () => readRssMb(pid),
    alive,
    logTail,
    async client(role, user = 'probe') {
      const socket = await connectUnix(role === 'admin' ? adminSocket : viewSocket);
      const c = await AgentClient.connect(socket, { server: `hostile-${role}`, client: { name: 'hostile-probe', version: '0', user } });
      clients.push(c);
      return c;
    },
    stop,
  };
}

export function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!kb?.[1]) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb[1]) / 1024;
}

/** Samples RSS every `everyMs` until stopped; the peak is what a bound is checked against. */
export function rssSampler(agent: AgentProcess, everyMs = 50): { peak(): number; stop(): number } {
  let peak = agent.rssMb();
  const timer = setInterval(() => {
    if (agent.alive()) peak = Math.max(peak, agent.rssMb());
  }, everyMs);
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      if (agent.alive()) peak = Math.max(peak, agent.rssMb());
      return peak;
    },
  };
}

export function connectUnix(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(socketPath);
    s.once('error', reject);
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

function canConnect(socketPath: string): Promise<boolean> {
  return connectUnix(socketPath).then(
    (s) => {
      s.destroy();
      return true;
    },
    () => false,
  );
}
