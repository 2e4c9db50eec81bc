/**
 * One NDJSON link over any Duplex (a UNIX socket, an SSH streamlocal or exec channel): frames
 * out with the size limit enforced before anything is written, frames in parsed against the
 * agent's frame schemas, and exactly one `onClosed` with the reason the link ended.
 */
import type { Duplex } from 'node:stream';
import { RpcError } from '@shared/rpc/errors';
import { parseFrame, type AgentFrame } from '@shared/rpc/frames';
import { LineFramer } from '@shared/rpc/lineFramer';
import { DEFAULT_MAX_FRAME_BYTES } from '@shared/rpc/protocol';

export interface LinkEvents {
  onFrame(frame: AgentFrame): void;
  /** A line that is not a valid agent frame; `raw` is its JSON value when it parsed as JSON. */
  onBadFrame(error: RpcError, raw: unknown): void;
  onClosed(reason: string): void;
}

export type SendOutcome = { ok: true } | { ok: false; bytes: number };

/** After `end()`, how long the peer has to close its side before the stream is destroyed. */
const CLOSE_GRACE_MS = 2000;

export class NdjsonLink {
  private readonly framer: LineFramer;
  private closed_ = false;

  constructor(
    private readonly stream: Duplex,
    private readonly events: LinkEvents,
    maxFrameBytes = DEFAULT_MAX_FRAME_BYTES,
  ) {
    this.framer = new LineFramer(maxFrameBytes);
    stream.on('data', (chunk: Buffer | string) => this.onChunk(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
    stream.on('end', () => this.finish('the agent closed the connection'));
    stream.on('error', (e: Error) => this.finish(`the connection failed: ${e.message}`));
    stream.on('close', () => this.finish('the connection closed'));
  }

  get closed(): boolean {
    return this.closed_;
  }

  get maxFrameBytes(): number {
    return this.framer.maxBytes;
  }

  set maxFrameBytes(value: number) {
    this.framer.maxBytes = value;
  }

  /** Writes one frame, or nothing at all when its line would exceed the frame limit. */
  send(frame: object): SendOutcome {
    const line = JSON.stringify(frame);
    const bytes = Buffer.byteLength(line, 'utf8');
    if (bytes > this.framer.maxBytes) return { ok: false, bytes };
    if (!this.closed_ && this.stream.writable) this.stream.write(`${line}\n`);
    return { ok: true };
  }

  /** Half-closes (the agent then closes), destroying the stream if the peer lingers. */
  async end(reason = 'closed by Switchdeck'): Promise<void> {
    this.finish(reason);
    if (this.stream.destroyed) return;
    const gone = new Promise<void>((resolve) => this.stream.once('close', () => resolve()));
    const timer = setTimeout(() => this.stream.destroy(), CLOSE_GRACE_MS);
    timer.unref?.();
    this.stream.end();
    await gone;
    clearTimeout(timer);
  }

  destroy(reason: string): void {
    this.finish(reason);
    this.stream.destroy();
  }

  private onChunk(chunk: Buffer): void {
    for (const item of this.framer.push(chunk)) {
      if (this.closed_) return;
      // 'overBudget' needs a shared pool, which this link does not give its framer.
      if (item.kind === 'oversized' || item.kind === 'overBudget') {
        this.destroy(`the agent sent a frame of more than ${this.framer.maxBytes} bytes (the limit)`);
        return;
      }
      if (item.kind === 'invalidUtf8') {
        this.events.onBadFrame(new RpcError('PARSE_ERROR', `the agent sent a frame of ${item.bytes} bytes that is not valid UTF-8`), undefined);
        continue;
      }
      const parsed = parseFrame(item.text, this.framer.maxBytes, 'agent');
      if (parsed.ok) this.events.onFrame(parsed.frame);
      else this.events.onBadFrame(parsed.error, tryJson(item.text));
    }
  }

  private finish(reason: string): void {
    if (this.closed_) return;
    this.closed_ = true;
    this.events.onClosed(reason);
  }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
