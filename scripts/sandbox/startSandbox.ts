/**
 * A local sandbox switch: a real switch-agent (with Kamailio and rtpengine on loopback) reached
 * through a throwaway OpenSSH sshd on 127.0.0.1, exactly as the app reaches a real server.
 * Used by `npm run demo` and by the end-to-end tests. Needs root (sshd logs in a local test user).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { TestSshd } from '../../test/support/sshd';

export interface SandboxOptions {
  /** Folder for everything the sandbox keeps: agent data, sockets, sshd keys, logs. */
  root: string;
  /** The built agent: dist/switch-agent/switch-agent.mjs. */
  agentEntry: string;
  sshPort?: number;
  sipPort?: number;
  rtpengineNgPort?: number;
  rtpPorts?: { min: number; max: number };
}

export interface Sandbox {
  readonly sshd: TestSshd;
  readonly adminSocket: string;
  readonly sipPort: number;
  readonly agentLog: string;
  stop(): Promise<void>;
}

async function waitForSocket(file: string, child: ChildProcess, log: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`switch-agent exited with ${child.exitCode}; see ${log}`);
    if (existsSync(file)) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(file, () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      if (ok) return;
    }
    if (Date.now() > until) throw new Error(`switch-agent did not open ${file} within ${deadlineMs} ms; see ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startSandbox(o: SandboxOptions): Promise<Sandbox> {
  const root = path.resolve(o.root);
  await mkdir(root, { recursive: true });
  await chmod(root, 0o755); // the SSH test user must reach the socket folder below
  const sshd = await TestSshd.start({ stateDir: path.join(root, 'sshd'), port: o.sshPort });
  const runDir = path.join(root, 'run');
  await mkdir(runDir, { recursive: true, mode: 0o755 });
  const sipPort = o.sipPort ?? 5080;
  const settings = {
    dataDir: path.join(root, 'agent'),
    socketDir: runDir,
    secretKeyFile: path.join(root, 'secret.key'),
    // The SSH user's own group owns the sockets: logging in as that user is what grants access.
    adminGroup: sshd.user.name,
    viewGroup: sshd.user.name,
    engine: {
      sipAddress: '127.0.0.1',
      sipPort,
      rtpengineNgPort: o.rtpengineNgPort ?? 22223,
      // Below the kernel's ephemeral range (32768–60999 on Debian): the agent refuses an overlap.
      rtpPortMin: o.rtpPorts?.min ?? 29000,
      rtpPortMax: o.rtpPorts?.max ?? 29399,
      shmMb: 128,
    },
  };
  const settingsFile = path.join(root, 'agent.json');
  await writeFile(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
  const agentLog = path.join(root, 'agent.log');
  const logStream = createWriteStream(agentLog, { flags: 'a' });
  const agent = spawn(process.execPath, [o.agentEntry, 'serve', '--config', settingsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  agent.stdout?.pipe(logStream);
  agent.stderr?.pipe(logStream);
  const adminSocket = path.join(runDir, 'admin.sock');
  try {
    await waitForSocket(adminSocket, agent, agentLog, 20_000);
  } catch (e) {
    agent.kill('SIGKILL');
    await sshd.stop();
    throw e;
  }

  let stopping: Promise<void> | null = null;
  return {
    sshd,
    adminSocket,
    sipPort,
    agentLog,
    stop: () =>
      (stopping ??= (async () => {
        if (agent.exitCode === null) {
          const exited = new Promise((r) => agent.once('exit', r));
          agent.kill('SIGTERM');
          const timer = setTimeout(() => agent.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        logStream.end();
        await sshd.stop();
      })()),
  };
}
