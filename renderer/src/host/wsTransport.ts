/**
 * The browser shell's transport: hostWire frames over a WebSocket to /host, authenticated by the
 * per-start token the shell put in the page URL's fragment (`#token=…`). The socket reconnects with
 * backoff; calls in flight when it drops fail (they are never re-sent: the host may have run them),
 * calls made while it is down wait for it up to `connectWaitMs`.
 */
import { RpcError } from '@shared/rpc/errors';
import { HOST_WS_PATH, HOST_WS_TOKEN_PARAM, HostServerFrameSchema, type HostCallOutcome } from '@shared/rpc/hostWire';
import type { HostTransport } from './hostClient';

export type ShellLinkState = 'connecting' | 'open' | 'closed';

export interface WsTransportOptions {
  /** ws://127.0.0.1:PORT/host?token=… */
  url: string;
  /** Default: the browser's WebSocket (tests pass another implementation). */
  WebSocketImpl?: typeof WebSocket;
  connectWaitMs?: number;
  /** First retry delay and cap. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** The token from `#token=…`, or null when the page was opened without it. */
export function tokenFromHash(hash: string): string | null {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return value === null || value === '' ? null : value;
}

export function hostSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${HOST_WS_PATH}?${HOST_WS_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

interface Pending {
  resolve(outcome: HostCallOutcome): void;
  reject(error: RpcError): void;
}

export class WsTransport implements HostTransport {
  private ws: WebSocket | null = null;
  private state_: ShellLinkState = 'closed';
  private nextId = 1;
  private failures = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly openWaiters = new Set<() => void>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(s: ShellLinkState) => void>();

  constructor(private readonly opts: WsTransportOptions) {
    this.open();
  }

  get state(): ShellLinkState {
    return this.state_;
  }

  /** Tells the UI when the link to the shell is down (to show it, not to retry: that is automatic). */
  onState(listener: (s: ShellLinkState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async call(method: string, params: unknown): Promise<HostCallOutcome> {
    await this.waitOpen();
    const ws = this.ws;
    if (!ws) throw lost('the connection to the Switchdeck shell closed');
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.ws?.close(1000, 'page closing');
  }

  private open(): void {
    if (this.stopped) return;
    const Impl = this.opts.WebSocketImpl ?? WebSocket;
    const ws = new Impl(this.opts.url);
    this.ws = ws;
    this.setState('connecting');
    ws.onopen = () => {
      this.failures = 0;
      this.setState('open');
      for (const w of [...this.openWaiters]) w();
    };
    ws.onmessage = (e: MessageEvent) => this.onMessage(e.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.setState('closed');
      for (const p of this.pending.values()) p.reject(lost('the connection to the Switchdeck shell was lost; the call may or may not have run'));
      this.pending.clear();
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.failures++;
    const min = this.opts.minDelayMs ?? 250;
    const delay = Math.min(this.opts.maxDelayMs ?? 5000, min * 2 ** Math.min(this.failures - 1, 10));
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame;
    try {
      const parsed = HostServerFrameSchema.safeParse(JSON.parse(data));
      if (!parsed.success) return;
      frame = parsed.data;
    } catch {
      return;
    }
    if ('event' in frame) {
      for (const l of [...(this.listeners.get(frame.event) ?? [])]) {
        try {
          l(frame.payload);
        } catch {
          // A failing UI listener must not stop the others.
        }
      }
      return;
    }
    const p = this.pending.get(frame.id);
    if (!p) return;
    this.pending.delete(frame.id);
    p.resolve('error' in frame ? { ok: false, error: frame.error } : { ok: true, result: frame.result });
  }

  private waitOpen(): Promise<void> {
    if (this.state_ === 'open') return Promise.resolve();
    if (this.stopped) return Promise.reject(lost('the connection to the Switchdeck shell is closed'));
    const waitMs = this.opts.connectWaitMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.openWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.openWaiters.delete(done);
        reject(new RpcError('TIMEOUT', `the Switchdeck shell did not answer within ${waitMs / 1000} s: is it still running? (restart it and open the new URL it prints)`, { sent: false }));
      }, waitMs);
      this.openWaiters.add(done);
    });
  }

  private setState(s: ShellLinkState): void {
    if (s === this.state_) return;
    this.state_ = s;
    for (const l of [...this.stateListeners]) l(s);
  }
}

function lost(message: string): RpcError {
  return new RpcError('TIMEOUT', message, { connectionLost: true });
}
