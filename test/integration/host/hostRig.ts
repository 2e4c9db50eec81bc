// What the host-core integration tests share: a real sshd and a real switch-agent (in-process,
// engine disabled) whose sockets the SSH test user may open, a host call that throws on an error
// answer, and the first connection to the agent's server with its host key accepted.
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostCallOutcome } from '@shared/rpc/hostWire';
import type { HostMethod, HostParamsInput, HostResult } from '@shared/rpc/hostApi';
import { AgentConfigSchema } from '../../../switch-agent/src/config/agentConfig';
import { silentLogger } from '../../../switch-agent/src/rpc';
import { startAgent, type RunningAgent } from '../../../switch-agent/src/serve';
import { TestSshd } from '../../support/sshd';

export type HostCall = <M extends HostMethod>(method: M, params: HostParamsInput<M>) => Promise<HostResult<M>>;

/**
 * A call to the host (`host()`: the one current when the call is made) that resolves with the
 * result, or throws naming the method and the error; `context()` adds what helps read a failure.
 */
export function hostCall(host: () => { call(method: string, params: unknown): Promise<HostCallOutcome> }, context?: () => string): HostCall {
  return async (method, params) => {
    const out = await host().call(method, params);
    if (!out.ok) throw new Error(`${method} failed: ${out.error.code} ${out.error.message}${context ? `\n${context()}` : ''}`);
    return out.result as HostResult<typeof method>;
  };
}

export interface SshAgentRig {
  sshd: TestSshd;
  agent: RunningAgent;
  /** A temporary folder for the test (the agent's data is in `agent/`); removed by stop(). */
  dir: string;
  stop(): Promise<void>;
}

/** sshd and an agent whose sockets (0660) belong to the SSH user's own group: logging in as that user grants access. */
export async function startSshAgent(name: string): Promise<SshAgentRig> {
  const sshd = await TestSshd.start();
  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(tmpdir(), `sd-${name}-`));
    await chmod(dir, 0o755); // the SSH test user must reach the socket folder inside
    const socketDir = join(dir, 'run');
    await mkdir(socketDir, { mode: 0o755 });
    const agent = await startAgent(
      AgentConfigSchema.parse({
        dataDir: join(dir, 'agent'),
        socketDir,
        secretKeyFile: join(dir, 'secret.key'),
        adminGroup: sshd.user.name,
        viewGroup: sshd.user.name,
        engine: { enabled: false },
      }),
      silentLogger,
    );
    const made = dir;
    return {
      sshd,
      agent,
      dir,
      async stop() {
        await agent.stop();
        await sshd.stop();
        await rm(made, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await sshd.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Adds the rig's server as `name` (key login), connects, and accepts and saves the host key it is
 * asked about (a first connection must ask). Returns the server id and the answer to the decision.
 */
export async function addTrustedServer(call: HostCall, rig: SshAgentRig, name: string) {
  const { sshd, agent } = rig;
  const { server } = await call('servers.add', {
    server: { name, host: sshd.host, port: sshd.port, username: sshd.user.name, auth: { kind: 'key', keyPath: sshd.userKeyPath }, agentSocketPath: agent.adminSocket },
  });
  const first = await call('servers.connect', { id: server.id });
  if (first.status !== 'hostKeyPrompt') throw new Error(`expected a host key prompt, got ${first.status}`);
  const decided = await call('hostKeys.decide', { promptId: first.hostKeyPrompt.promptId, decision: 'accept-save' });
  return { serverId: server.id, decided };
}
