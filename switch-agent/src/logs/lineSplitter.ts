/**
 * Turns a child's output chunks into lines. Memory stays bounded whatever the child prints: a line
 * longer than `maxChars` is cut there (marked with an ellipsis) and the rest of it is skipped.
 */
export const DEFAULT_MAX_LINE_CHARS = 4096;

export class LineSplitter {
  private partial = '';
  /** Inside an over-long line whose head was already emitted. */
  private skipping = false;

  constructor(private readonly maxChars = DEFAULT_MAX_LINE_CHARS) {}

  /** Complete lines in `chunk` (without their line endings). */
  push(chunk: string): string[] {
    const out: string[] = [];
    const parts = chunk.split('\n');
    const last = parts.pop() ?? '';
    for (const part of parts) {
      if (this.skipping) this.skipping = false;
      else out.push(this.cut(stripCr(this.partial + part)));
      this.partial = '';
    }
    if (!this.skipping) {
      this.partial += last;
      if (this.partial.length > this.maxChars) {
        out.push(this.cut(this.partial));
        this.partial = '';
        this.skipping = true;
      }
    }
    return out;
  }

  /** What is left after the child exited (a last line without a newline). */
  end(): string[] {
    const rest = this.skipping ? '' : stripCr(this.partial);
    this.partial = '';
    this.skipping = false;
    return rest === '' ? [] : [this.cut(rest)];
  }

  private cut(line: string): string {
    return line.length > this.maxChars ? `${line.slice(0, this.maxChars)}…` : line;
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
