// An engine's stdout/stderr as an append-only regular file the agent tails (packaging/README.md,
// "Log path that survives the agent": a pipe loses lines or stalls the engine while no agent reads;
// an O_APPEND file never blocks). The agent reads from the offset it recorded, hands complete lines
// on, and truncates the file once it passed `maxBytes` (the engine's next O_APPEND write lands at
// offset 0; a line written between the last read and the truncation is lost — rare at the
// engines' log level). The offset is kept in `<log>.offset`, so the next agent (after a handover)
// reads on from where this one stopped.
import { closeSync, fstatSync, openSync, readFileSync, readSync, truncateSync, writeFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from '../logs/lineSplitter';

export const LOG_TRUNCATE_BYTES = 1024 * 1024;
const TAIL_CHARS = 8000;
const CHUNK = 64 * 1024;

/** Opens `path` for an engine to write (O_WRONLY|O_APPEND|O_CREAT), emptied first: a fresh engine. The caller closes the fd after spawn. */
export function openFreshEngineLog(path: string): number {
  writeFileSync(path, '', { mode: 0o600 });
  writeFileSync(`${path}.offset`, '0', { mode: 0o600 });
  return openSync(path, 'a', 0o600);
}

export interface EngineLogTailOptions {
  path: string;
  onLine?: (line: string) => void;
  pollMs?: number;
  maxBytes?: number;
}

export class EngineLogTail {
  private offset: number;
  /** End of the last complete line read: where a next agent starts (a partial line is read again). */
  private committed: number;
  private timer: NodeJS.Timeout | null = null;
  private kept = '';
  private readonly lines = new LineSplitter();
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxBytes: number;

  constructor(private readonly o: EngineLogTailOptions) {
    this.maxBytes = o.maxBytes ?? LOG_TRUNCATE_BYTES;
    this.offset = readOffset(`${o.path}.offset`);
    this.committed = this.offset;
  }

  start(): this {
    this.timer = setInterval(() => this.drain(), this.o.pollMs ?? 200);
    this.timer.unref();
    return this;
  }

  /** Reads what was appended since the last read; called by the timer and before a tail is shown. */
  drain(): void {
    let fd: number;
    try {
      fd = openSync(this.o.path, 'r');
    } catch {
      return;
    }
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) this.offset = this.committed = 0; // Emptied by someone else: read it from the start.
      const buf = Buffer.alloc(CHUNK);
      while (this.offset < size) {
        const n = readSync(fd, buf, 0, Math.min(CHUNK, size - this.offset), this.offset);
        if (n <= 0) break;
        const nl = buf.subarray(0, n).lastIndexOf(0x0a);
        if (nl >= 0) this.committed = this.offset + nl + 1;
        this.offset += n;
        this.take(this.decoder.write(buf.subarray(0, n)));
      }
    } finally {
      closeSync(fd);
    }
    if (this.offset > this.maxBytes) {
      try {
        truncateSync(this.o.path, 0);
      } catch {
        // Gone: nothing to keep small.
      }
      this.offset = this.committed = 0;
    }
    try {
      writeFileSync(`${this.o.path}.offset`, String(this.committed), { mode: 0o600 });
    } catch {
      // The engine folder went away (agent stopping): the next agent reads from the start.
    }
  }

  /** The last lines written (for error messages). */
  tail(): string {
    this.drain();
    return this.kept;
  }

  /** Stops reading; `final` also hands on a last line without a newline (the engine exited). */
  stop(final: boolean): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.drain();
    if (final) this.emit(this.lines.end());
  }

  private take(text: string): void {
    if (text === '') return;
    this.kept = (this.kept + text).slice(-TAIL_CHARS);
    this.emit(this.lines.push(text));
  }

  private emit(all: string[]): void {
    const onLine = this.o.onLine;
    if (!onLine) return;
    for (const line of all) {
      try {
        onLine(line);
      } catch {
        // A failing log consumer must not disturb supervision.
      }
    }
  }
}

function readOffset(file: string): number {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(n) && n >= 0 ? n : 0;
  } catch {
    return 0;
  }
}
