/**
 * Chunked messages (PROTOCOL.md §5.2): a request's params or a response's result whose frame
 * would exceed `maxFrameBytes` travels as `chunk` frames carrying slices of its JSON text, then
 * the `req`/`res` frame itself with `chunked: {chunks, bytes}` in place of `params`/`result`.
 * Pure: both ends split with `splitChunks` and reassemble with `ChunkAssembler`.
 */
import { RpcError } from './errors';
import { utf8ByteLength, type RequestId } from './frames';
import { LIMITS } from './protocol';

/**
 * Bytes a chunk frame needs besides its slice: `{"type":"chunk","id":…,"seq":…,"data":""}` with an
 * id of at most 64 characters (each escaped to at most 6 bytes) and a 16-digit seq.
 */
const CHUNK_FRAME_OVERHEAD = 64 * 6 + 64;

/**
 * UTF-16 units per chunk so that any slice fits a frame: a unit of JSON text costs at most 3 bytes
 * once escaped again inside a string (`"` and `\` become 2 bytes, non-ASCII is 3 per unit), as long
 * as a surrogate pair is never split (a lone surrogate would be escaped as 6 bytes).
 */
export function chunkUnits(maxFrameBytes: number): number {
  return Math.floor((maxFrameBytes - CHUNK_FRAME_OVERHEAD) / 3);
}

/** Slices of `text`, each fitting one chunk frame; never splits a surrogate pair. */
export function splitChunks(text: string, maxFrameBytes: number): string[] {
  const units = chunkUnits(maxFrameBytes);
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + units, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

export interface ChunkedTrailer {
  chunks: number;
  bytes: number;
}

interface Assembly {
  parts: string[];
  bytes: number;
  /** Set once the message cannot be used; later chunks of this id are dropped silently. */
  failed?: RpcError;
}

export type Assembled = { ok: true; text: string } | { ok: false; error: RpcError };

/**
 * Collects chunk frames per id until the trailer names how many there were. Memory is bounded:
 * the bytes held across all ids never exceed `maxBytes`, and at most `maxMessages` ids assemble at
 * once; a breach fails that message (answered when its trailer arrives), never the connection.
 */
export class ChunkAssembler {
  private readonly open = new Map<RequestId, Assembly>();
  private held = 0;

  constructor(
    private readonly maxBytes: number = LIMITS.maxChunkedBytes,
    private readonly maxMessages: number = LIMITS.maxPendingRequests,
  ) {}

  get heldBytes(): number {
    return this.held;
  }

  get size(): number {
    return this.open.size;
  }

  has(id: RequestId): boolean {
    return this.open.has(id);
  }

  /** Adds one chunk; returns an error the first time the message becomes unusable. */
  add(id: RequestId, seq: number, data: string): RpcError | undefined {
    let entry = this.open.get(id);
    if (!entry) {
      if (this.open.size >= this.maxMessages) {
        return new RpcError('TOO_MANY_REQUESTS', `${this.maxMessages} chunked messages are already being assembled on this connection (the limit)`, {
          id,
          limit: this.maxMessages,
        });
      }
      entry = { parts: [], bytes: 0 };
      this.open.set(id, entry);
    }
    if (entry.failed) return undefined;
    if (seq !== entry.parts.length) {
      return this.fail(id, entry, new RpcError('INVALID_FRAME', `chunk ${seq} of message ${JSON.stringify(id)} arrived where chunk ${entry.parts.length} was expected`, {
        id,
        seq,
        expected: entry.parts.length,
      }));
    }
    const bytes = utf8ByteLength(data);
    if (this.held + bytes > this.maxBytes) {
      return this.fail(id, entry, new RpcError('FRAME_TOO_LARGE', `chunked message ${JSON.stringify(id)} goes past the limit of ${this.maxBytes} bytes held for chunked messages`, {
        id,
        maxChunkedBytes: this.maxBytes,
      }));
    }
    entry.parts.push(data);
    entry.bytes += bytes;
    this.held += bytes;
    return undefined;
  }

  /** Ends the message named by a trailer: its whole text, or why it cannot be used. */
  take(id: RequestId, trailer: ChunkedTrailer): Assembled {
    const entry = this.open.get(id);
    this.drop(id);
    if (entry?.failed) return { ok: false, error: entry.failed };
    const got = entry?.parts.length ?? 0;
    const bytes = entry?.bytes ?? 0;
    if (!entry || got !== trailer.chunks || bytes !== trailer.bytes) {
      return {
        ok: false,
        error: new RpcError('INVALID_FRAME', `chunked message ${JSON.stringify(id)} announced ${trailer.chunks} chunks of ${trailer.bytes} bytes but ${got} chunks of ${bytes} bytes arrived`, {
          id,
          expected: trailer,
          received: { chunks: got, bytes },
        }),
      };
    }
    return { ok: true, text: entry.parts.join('') };
  }

  /** Forgets a message (cancelled, or answered with an error instead of a trailer). */
  drop(id: RequestId): void {
    const entry = this.open.get(id);
    if (!entry) return;
    this.held -= entry.bytes;
    this.open.delete(id);
  }

  clear(): void {
    this.open.clear();
    this.held = 0;
  }

  private fail(id: RequestId, entry: Assembly, error: RpcError): RpcError {
    this.held -= entry.bytes;
    entry.parts = [];
    entry.bytes = 0;
    entry.failed = error;
    this.open.set(id, entry);
    return error;
  }
}

/** The body of a chunked message, parsed; a broken body names the message. */
export function parseChunkedBody(id: RequestId, text: string): { ok: true; value: unknown } | { ok: false; error: RpcError } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, error: new RpcError('PARSE_ERROR', `chunked message ${JSON.stringify(id)} is not valid JSON once joined: ${why}`, { id }) };
  }
}
