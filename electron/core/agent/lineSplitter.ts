/**
 * Splits the agent's byte stream into newline-terminated frames (PROTOCOL.md §3), holding at
 * most `maxBytes` plus one chunk. The agent promises never to send a longer line, so an
 * oversized one means a broken agent; it is reported once and skipped up to its newline.
 */

export type SplitLine =
  | { kind: 'line'; text: string }
  | { kind: 'oversized'; receivedBytes: number; maxBytes: number }
  | { kind: 'invalidUtf8'; bytes: number };

const NEWLINE = 0x0a;

export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private discarding = false;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  /** Raised to the agent's announced limit after the hello. */
  maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get bufferedBytes(): number {
    return this.held;
  }

  push(chunk: Uint8Array): SplitLine[] {
    const out: SplitLine[] = [];
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (buf.length > 0) {
      const nl = buf.indexOf(NEWLINE);
      const piece = nl === -1 ? buf : buf.subarray(0, nl);
      if (this.discarding) {
        if (nl !== -1) this.discarding = false;
      } else if (this.held + piece.length > this.maxBytes) {
        out.push({ kind: 'oversized', receivedBytes: this.held + piece.length, maxBytes: this.maxBytes });
        this.parts = [];
        this.held = 0;
        this.discarding = nl === -1;
      } else if (nl === -1) {
        // Copied because the stream may reuse its chunk buffer.
        this.parts.push(Buffer.from(piece));
        this.held += piece.length;
      } else {
        const whole = this.parts.length === 0 ? piece : Buffer.concat([...this.parts, piece]);
        this.parts = [];
        this.held = 0;
        const line = this.decode(whole);
        if (line) out.push(line);
      }
      if (nl === -1) break;
      buf = buf.subarray(nl + 1);
    }
    return out;
  }

  private decode(bytes: Buffer): SplitLine | undefined {
    let text: string;
    try {
      text = this.utf8.decode(bytes);
    } catch {
      return { kind: 'invalidUtf8', bytes: bytes.length };
    }
    if (text.trim() === '') return undefined;
    return { kind: 'line', text };
  }
}
