// Hostile and careless clients: raw UNIX-socket connections that say and read exactly what a test
// wants (or nothing), and a probe that measures how fast a well-behaved admin is served meanwhile.
import type net from 'node:net';
import type { AgentClient } from '../../../electron/core/agent';
import { connectUnix } from './agentProcess';

export type Frame = Record<string, unknown> & { type: string };

export interface RawClient {
  readonly socket: net.Socket;
  readonly frames: Frame[];
  readonly closed: Promise<void>;
  isClosed(): boolean;
  send(frame: unknown): void;
  sendRaw(data: string | Buffer): void;
  /** Resolves with the first frame that matches, failing after `ms` with what arrived. */
  waitFor(match: (f: Frame) => boolean, ms?: number): Promise<Frame>;
  destroy(): void;
}

/**
 * A client that parses what the agent sends. With `read: false` it never reads its socket, so
 * everything the agent writes piles up on the agent's side (a slow reader).
 */
export async function rawClient(socketPath: string, opts: { read?: boolean } = {}): Promise<RawClient> {
  const socket = await connectUnix(socketPath);
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  let rest = '';
  let closedFlag = false;
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closedFlag = true;
      for (const w of [...waiters]) w();
      resolve();
    }),
  );
  socket.on('error', () => undefined);
  if (opts.read === false) socket.pause();
  else {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      const lines = (rest + text).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) if (l) frames.push(JSON.parse(l) as Frame);
      for (const w of [...waiters]) w();
    });
  }
  const client: RawClient = {
    socket,
    frames,
    closed,
    isClosed: () => closedFlag,
    send: (frame) => client.sendRaw(`${JSON.stringify(frame)}\n`),
    sendRaw: (data) => {
      if (!socket.destroyed && socket.writable) socket.write(data);
    },
    async waitFor(match, ms = 20_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = frames.find(match);
        if (found) return found;
        if (closedFlag || Date.now() > deadline) {
          throw new Error(`${closedFlag ? 'connection closed' : `no matching frame within ${ms} ms`}; got ${JSON.stringify(frames).slice(0, 600)}`);
        }
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, 100);
          waiters.add(wake);
        });
      }
    },
    destroy: () => socket.destroy(),
  };
  return client;
}

export function hello(name = 'hostile', user = 'mallory'): Frame {
  return { type: 'hello', protocol: 1, client: { name, version: '0', user } };
}

/** A client that completed its hello. */
export async function helloClient(socketPath: string, name?: string, user?: string): Promise<RawClient> {
  const c = await rawClient(socketPath);
  c.send(hello(name, user));
  await c.waitFor((f) => f.type === 'hello' || f.type === 'error');
  return c;
}

/** Runs `fn` for each of `count` indexes with at most `width` in flight. */
export async function inBatches<T>(count: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += width) {
    const batch = Array.from({ length: Math.min(width, count - start) }, (_, k) => fn(start + k));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

/**
 * Calls `agent.info` on a well-behaved admin client every `everyMs` (one call in flight at a time)
 * until stopped, and records the slowest answer: what an operator's desktop would see while the
 * attack runs. Paced, so the probe itself does not load the agent.
 */
export function latencyProbe(client: AgentClient, everyMs = 50): { stop(): Promise<{ calls: number; maxMs: number }> } {
  let calls = 0;
  let maxMs = 0;
  let inFlight: Promise<void> | undefined;
  let failure: unknown;
  const tick = () => {
    if (inFlight) return;
    const t0 = performance.now();
    inFlight = client.call('agent.info', {}).then(
      () => {
        maxMs = Math.max(maxMs, performance.now() - t0);
        calls++;
        inFlight = undefined;
      },
      (e: unknown) => {
        failure = e;
      },
    );
  };
  const timer = setInterval(tick, everyMs);
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      if (failure) throw failure;
      return { calls, maxMs };
    },
  };
}
