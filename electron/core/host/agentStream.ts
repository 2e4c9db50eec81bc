/**
 * Opens a byte stream to a server's agent socket over an SSH session (DESIGN §1): a
 * `direct-streamlocal@openssh.com` channel, or, where sshd forbids that, `switch-agent connect`
 * run over exec (a stdio bridge to the same socket).
 */
import type { Duplex } from 'node:stream';
import { agentSocketFor, type ServerRecord } from '../servers/serverSchema';
import { SshError } from '../ssh/sshErrors';
import type { SshSession } from '../ssh/sshSession';
import type { SshSessionState } from '../ssh/sshTypes';

/** How long the exec bridge must stay alive to count as started (it exits at once when the socket is missing). */
export const BRIDGE_SETTLE_MS = 1000;
/** How long an agent reconnect waits for a reconnecting SSH session. */
const SSH_WAIT_MS = 60_000;

/** POSIX single quoting: the path goes to the remote shell as one word, whatever it holds. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function bridgeCommand(server: Pick<ServerRecord, 'agentSocketPath' | 'role'>): string {
  return `switch-agent connect --socket ${shellQuote(agentSocketFor(server))}${server.role === 'view' ? ' --view' : ''}`;
}

export async function openAgentStream(session: SshSession, server: ServerRecord): Promise<Duplex> {
  await waitForSsh(session);
  const socket = agentSocketFor(server);
  try {
    return await session.openStreamLocal(socket);
  } catch (err) {
    if (!(err instanceof SshError) || err.code !== 'channel-refused') throw err;
    return openBridge(session, server, err);
  }
}

async function openBridge(session: SshSession, server: ServerRecord, streamErr: SshError): Promise<Duplex> {
  const ch = await session.exec(bridgeCommand(server)).catch((execErr: unknown) => {
    const why = execErr instanceof Error ? execErr.message : String(execErr);
    throw new SshError('channel-refused', `${streamErr.message}; the fallback \`switch-agent connect\` could not start either (${why})`, session.host, session.port, { cause: execErr });
  });
  let stderr = '';
  ch.stream.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 2000) stderr += d.toString('utf8');
  });
  // 'exit' (exit-status), not ch.exit: the channel's 'close' waits until its unread stdout is consumed.
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    ch.stream.once('exit', (code: number | null, signal?: string) => resolve({ code: typeof code === 'number' ? code : null, signal: signal ?? null }));
    ch.stream.once('close', () => resolve({ code: null, signal: null }));
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const early = await Promise.race([exited, new Promise<null>((r) => (timer = setTimeout(() => r(null), BRIDGE_SETTLE_MS)))]);
  clearTimeout(timer);
  if (early === null) return ch.stream;
  // Let the last of stderr arrive (it may trail the exit status by a packet).
  await new Promise((r) => setTimeout(r, 50));
  ch.close();
  const said = stderr.trim() === '' ? `exit code ${early.code ?? early.signal}` : stderr.trim();
  throw new SshError('channel-refused', `${streamErr.message}; the fallback \`switch-agent connect\` failed: ${said}`, session.host, session.port);
}

/** Resolves once the session is connected; rejects when it is (or ends up) disconnected. */
function waitForSsh(session: SshSession): Promise<void> {
  const ready = (s: SshSessionState) => s.state === 'connected';
  const gone = (s: SshSessionState) => s.state === 'disconnected';
  if (ready(session.state)) return Promise.resolve();
  if (gone(session.state)) return Promise.reject(new SshError('not-connected', `not connected to ${session.host}:${session.port}`, session.host, session.port));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new SshError('timeout', `SSH to ${session.host}:${session.port} did not come back within ${SSH_WAIT_MS / 1000} s`, session.host, session.port));
    }, SSH_WAIT_MS);
    const off = session.onState((s) => {
      if (!ready(s) && !gone(s)) return;
      clearTimeout(timer);
      off();
      if (ready(s)) resolve();
      else reject(new SshError('not-connected', `SSH to ${session.host}:${session.port} ended: ${s.state === 'disconnected' ? s.reason : ''}`, session.host, session.port));
    });
  });
}
