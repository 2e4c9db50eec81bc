/**
 * Test doubles for the RPC layer: an in-memory transport and a thin client over it, so
 * protocol tests drive a real RpcConnection without sockets. Used only by *.test.ts files.
 */
import type { RpcTransport } from '../../../switch-agent/src/rpc/transport';
import { FrameWaiter, type Frame } from '../shared/frameWaiter';

export class FakeTransport implements RpcTransport {
  /** Every chunk the agent wrote, newline included. */
  readonly written: string[] = [];
  closed = false;
  /** What `bufferedBytes` reports, to simulate a client that stops reading. */
  buffered = 0;
  private dataListener: ((chunk: Uint8Array) => void) | undefined;
  private readonly closeListeners: Array<() => void> = [];
  private readonly waiter = new FrameWaiter(() => this.frames());

  write(data: string): void {
    if (this.closed) throw new Error('write after close');
    this.written.push(data);
    this.waiter.wake();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners) listener();
    this.waiter.wake();
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.dataListener = listener;
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  bufferedBytes(): number {
    return this.buffered;
  }

  // ---- the client's side ----

  sendRaw(data: string | Uint8Array): void {
    if (!this.dataListener) throw new Error('no connection attached');
    this.dataListener(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  send(frame: unknown): void {
    this.sendRaw(`${JSON.stringify(frame)}\n`);
  }

  /** The client hangs up. */
  peerClose(): void {
    this.close();
  }

  frames(): Frame[] {
    const text = this.written.join('');
    if (text !== '' && !text.endsWith('\n')) throw new Error('agent wrote a partial line');
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Frame);
  }

  /** Resolves with the first frame at index ≥ `from` that matches. */
  waitFor(match: (f: Frame) => boolean, from = 0, timeoutMs = 2000): Promise<Frame> {
    return this.waiter.waitFor(match, from, timeoutMs);
  }

  response(id: string | number, from = 0): Promise<Frame> {
    return this.waitFor((f) => f.type === 'res' && f.id === id, from);
  }
}

export function clientHello(protocol = 1): Record<string, unknown> {
  return { type: 'hello', protocol, client: { name: 'test', version: '0.0.0', user: 'alice' } };
}

/** Lets queued promise callbacks run (handlers resolve through several awaits). */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
