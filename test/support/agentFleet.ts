/**
 * Many real switch-agents in one process, cheaply (issue 14 fleet scale): each with its own data
 * folder, store, secret key and admin socket, engine disabled (configuration stored only), monitor
 * off unless asked. Reached through one sshd by socket path (ServerRecord.agentSocketPath), as
 * separate servers. Plus the two ways a server hangs: an sshd that accepts TCP and never answers,
 * and an agent socket that accepts and never replies.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentConfigSchema } from '../../switch-agent/src/config/agentConfig';
import { startAgent, type RunningAgent } from '../../switch-agent/src/serve';
import { TailLogger } from '../integration/agent/agentHarness';

export interface AgentFleet {
  readonly dir: string;
  readonly agents: readonly RunningAgent[];
  /** Admin socket paths, one per agent (in start order). */
  readonly sockets: readonly string[];
  stop(): Promise<void>;
}

/**
 * Starts `count` agents, `batch` at a time (each start opens SQLite and runs migrations).
 * `adminGroup`: the sshd login's group, so it may reach the sockets.
 */
export async function startAgentFleet(count: number, adminGroup: string, opts: { batch?: number; monitor?: boolean } = {}): Promise<AgentFleet> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-fleet-'));
  chmodSync(dir, 0o755);
  const agents: RunningAgent[] = [];
  const fleet: AgentFleet = {
    dir,
    agents,
    get sockets() {
      return agents.map((a) => a.adminSocket);
    },
    async stop() {
      await Promise.allSettled(agents.map((a) => a.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    const batch = Math.max(1, opts.batch ?? 10);
    for (let i = 0; i < count; i += batch) {
      const started = await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, k) => startOne(dir, i + k, adminGroup, opts.monitor === true)));
      agents.push(...started);
    }
  } catch (err) {
    await fleet.stop();
    throw err;
  }
  return fleet;
}

async function startOne(root: string, n: number, adminGroup: string, monitor: boolean): Promise<RunningAgent> {
  const dir = join(root, `a${n}`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'run'));
  chmodSync(dir, 0o755);
  const cfg = AgentConfigSchema.parse({
    dataDir: join(dir, 'data'),
    socketDir: join(dir, 'run'),
    secretKeyFile: join(dir, 'secret.key'),
    adminGroup,
    viewGroup: null,
    engine: { enabled: false },
    monitor: { enabled: monitor },
  });
  return startAgent(cfg, new TailLogger());
}

/** A listener that accepts connections and never says a word (a hung sshd on TCP, or a hung agent on a unix socket). */
export class SilentListener {
  private readonly sockets = new Set<net.Socket>();
  private constructor(private readonly server: net.Server) {}

  /** `where`: a unix socket path, or undefined for TCP on a free loopback port. */
  static async start(where?: string): Promise<SilentListener> {
    const server = net.createServer();
    const l = new SilentListener(server);
    server.on('connection', (s) => {
      l.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => l.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      if (where) server.listen(where, resolve);
      else server.listen(0, '127.0.0.1', resolve);
    });
    if (where) chmodSync(where, 0o777);
    return l;
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  /** Connections accepted and still held open. */
  get held(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
