// The built switch-agent run inside a server network namespace a test created (`ip netns exec`),
// driven over its admin socket as the app drives it. Everything the agent starts (Kamailio,
// rtpengine, nft) runs in that namespace, so its firewall never meets the machine's own ruleset.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentResult } from '@shared/rpc/agentApi';
import { AgentClient } from '../../../electron/core/agent';
import { waitFor } from '../engine/procs';

const ENTRY = fileURLToPath(new URL('../../../dist/switch-agent/switch-agent.mjs', import.meta.url));

export interface NetnsAgent {
  client: AgentClient;
  /** The agent's last output, for failure messages. */
  output(): string;
  /** config.apply on the current revision. */
  apply(ops: unknown[], confirmWithinSec?: number): Promise<AgentResult<'config.apply'>>;
  stop(): Promise<void>;
}

/** Starts the agent with `settings` (paths filled in under `dir`) in namespace `ns`; resolves once its admin socket answers. */
export async function startAgentInNetns(ns: string, dir: string, settings: Record<string, unknown>, readyMs = 20_000): Promise<NetnsAgent> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
  for (const d of ['data', 'run']) mkdirSync(join(dir, d), { recursive: true });
  const file = join(dir, 'agent.json');
  writeFileSync(file, JSON.stringify({ dataDir: join(dir, 'data'), socketDir: join(dir, 'run'), secretKeyFile: join(dir, 'secret.key'), adminGroup: null, viewGroup: null, ...settings }));
  const agent: ChildProcess = spawn('ip', ['netns', 'exec', ns, process.execPath, ENTRY, 'serve', '-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-6000));
  agent.stdout?.on('data', keep);
  agent.stderr?.on('data', keep);
  const connect = async () => {
    const stream = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(join(dir, 'run', 'admin.sock'));
      s.once('error', reject);
      s.once('connect', () => resolve(s));
    });
    return AgentClient.connect(stream, { server: 'netns-agent', client: { name: 'firewall-test', version: '0', user: 'alice' } });
  };
  const stop = async () => {
    await client?.close().catch(() => undefined);
    if (agent.exitCode === null && agent.signalCode === null) {
      const exited = new Promise<void>((r) => agent.once('exit', () => r()));
      agent.kill('SIGTERM');
      await exited;
    }
  };
  let client: AgentClient | undefined;
  try {
    client = await waitFor(`agent ready`, readyMs, async () => {
      if (agent.exitCode !== null) throw new Error(`agent exited with ${String(agent.exitCode)}:\n${output}`);
      return connect().catch(() => undefined);
    });
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${output}`, { cause: e });
  }
  const c = client;
  return {
    client: c,
    output: () => output,
    apply: async (ops, confirmWithinSec) => {
      const { snapshot } = await c.call('config.get', {});
      return c.call('config.apply', { baseRevision: snapshot.revision, ops: ops as never, ...(confirmWithinSec && { confirmWithinSec }) });
    },
    stop,
  };
}
