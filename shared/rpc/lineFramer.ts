/**
 * Incremental splitter of a byte stream into newline-terminated frames (PROTOCOL.md §3), used by
 * both ends of the protocol. Holds at most `maxBytes` + one chunk: a line that grows past the
 * limit is reported once and then skipped up to its newline, which is a reliable resync point
 * because JSON text never contains a raw newline. With a shared pool, bytes held beyond
 * `freeBytes` are drawn from a pool all connections share; a line that does not fit is skipped
 * the same way.
 */

export type FramedLine =
  | { kind: 'line'; text: string }
  /** The line exceeded the limit; `receivedBytes` is what had arrived when that was noticed. */
  | { kind: 'oversized'; receivedBytes: number; maxBytes: number }
  /** The shared pool for unfinished lines (`limit` bytes) is used up; the line is skipped. */
  | { kind: 'overBudget'; receivedBytes: number; limit: number }
  /** The bytes were not valid UTF-8; the line is dropped. */
  | { kind: 'invalidUtf8'; bytes: number };

/** What the framer needs of a byte pool several holders draw on. */
export interface BytePool {
  readonly limit: number;
  /** Takes `bytes` if they fit; false leaves the pool unchanged. */
  tryTake(bytes: number): boolean;
  release(bytes: number): void;
}

export interface HeldBytesPool {
  pool: BytePool;
  /** Bytes a connection may hold without drawing on the pool. */
  freeBytes: number;
}

interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}

// shared/ compiles without DOM or Node types, but every runtime it runs in (Node, browsers) has TextDecoder.
const { TextDecoder: Decoder } = globalThis as unknown as {
  TextDecoder: new (label: 'utf-8', options: { fatal: boolean }) => Utf8Decoder;
};

const NEWLINE = 0x0a;

export class LineFramer {
  private parts: Uint8Array[] = [];
  private held = 0;
  /** Part of `held` drawn from the shared pool. */
  private pooled = 0;
  private discarding = false;
  private maxBytes_ = 0;
  private readonly utf8 = new Decoder('utf-8', { fatal: true });

  constructor(
    maxBytes: number,
    private readonly shared?: HeldBytesPool,
  ) {
    this.maxBytes = maxBytes;
  }

  get maxBytes(): number {
    return this.maxBytes_;
  }

  /** Settable: the client raises it to the agent's announced limit after the hello. */
  set maxBytes(value: number) {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`maxBytes must be a positive integer, got ${value}`);
    this.maxBytes_ = value;
  }

  /** Bytes currently held for an unfinished line (for tests and memory assertions). */
  get bufferedBytes(): number {
    return this.held;
  }

  push(chunk: Uint8Array): FramedLine[] {
    const out: FramedLine[] = [];
    let buf = chunk;
    while (buf.length > 0) {
      const nl = buf.indexOf(NEWLINE);
      const piece = nl === -1 ? buf : buf.subarray(0, nl);
      if (this.discarding) {
        if (nl !== -1) this.discarding = false;
      } else if (this.held + piece.length > this.maxBytes_) {
        out.push({ kind: 'oversized', receivedBytes: this.held + piece.length, maxBytes: this.maxBytes_ });
        this.forget();
        this.discarding = nl === -1;
      } else if (nl === -1 && !this.reserve(this.held + piece.length)) {
        out.push({ kind: 'overBudget', receivedBytes: this.held + piece.length, limit: this.shared?.pool.limit ?? 0 });
        this.forget();
        this.discarding = true;
      } else if (nl === -1) {
        // Copy: the caller may reuse its chunk buffer.
        this.parts.push(new Uint8Array(piece));
        this.held += piece.length;
      } else {
        const whole = this.parts.length === 0 ? piece : concat([...this.parts, piece], this.held + piece.length);
        this.forget();
        const line = this.decode(whole);
        if (line) out.push(line);
      }
      if (nl === -1) break;
      buf = buf.subarray(nl + 1);
    }
    return out;
  }

  /** Bytes left without a final newline when the stream ended; they never form a frame. */
  end(): number {
    const left = this.held;
    this.forget();
    this.discarding = false;
    return left;
  }

  /** Draws what holding `total` bytes needs beyond the free allowance; false when the pool is full. */
  private reserve(total: number): boolean {
    if (!this.shared) return true;
    const want = Math.max(0, total - this.shared.freeBytes);
    if (want <= this.pooled) return true;
    if (!this.shared.pool.tryTake(want - this.pooled)) return false;
    this.pooled = want;
    return true;
  }

  private forget(): void {
    this.parts = [];
    this.held = 0;
    this.shared?.pool.release(this.pooled);
    this.pooled = 0;
  }

  private decode(bytes: Uint8Array): FramedLine | undefined {
    let text: string;
    try {
      text = this.utf8.decode(bytes);
    } catch {
      return { kind: 'invalidUtf8', bytes: bytes.length };
    }
    // Blank lines carry nothing; tolerating them makes hand-typed sessions (socat) easy.
    if (text.trim() === '') return undefined;
    return { kind: 'line', text };
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const whole = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}
