/**
 * A scripted server for the installer's unit tests: records every command (with its stdin) and
 * upload, and answers each command with the first rule whose pattern matches it.
 */
import type { RemoteHost, RemoteRunOptions, RemoteRunResult } from '../../../electron/core/install/remoteHost';

export interface FakeRule {
  readonly match: RegExp;
  readonly code?: number;
  readonly stdout?: string;
  readonly stderr?: string;
  /** Never finishes on its own: it ends (code null) when the run is aborted. */
  readonly hang?: boolean;
  /** The exit code from what was written to stdin (a sudo password check). */
  readonly codeFor?: (stdin: string | undefined) => number;
  /** Called while the command "runs" (before it answers). */
  readonly during?: () => void;
}

export interface RecordedRun {
  readonly command: string;
  readonly stdin: string | undefined;
}

export class FakeRemoteHost implements RemoteHost {
  readonly runs: RecordedRun[] = [];
  readonly uploads: { local: string; remote: string }[] = [];
  closed = false;
  /** Called when a hanging command starts (the test may cancel then). */
  onHang: (() => void) | null = null;

  constructor(
    private readonly rules: readonly FakeRule[],
    private readonly uploadError: Error | null = null,
  ) {}

  async run(command: string, opts: RemoteRunOptions = {}): Promise<RemoteRunResult> {
    this.runs.push({ command, stdin: opts.stdin });
    const rule = this.rules.find((r) => r.match.test(command)) ?? { match: /.*/, code: 0 };
    if (rule.hang) {
      return new Promise((resolve) => {
        opts.signal?.addEventListener('abort', () => resolve({ code: null, stdout: '', stderr: '' }), { once: true });
        this.onHang?.();
      });
    }
    rule.during?.();
    if (rule.stdout) opts.onOutput?.('stdout', rule.stdout);
    if (rule.stderr) opts.onOutput?.('stderr', rule.stderr);
    return { code: rule.codeFor ? rule.codeFor(opts.stdin) : (rule.code ?? 0), stdout: rule.stdout ?? '', stderr: rule.stderr ?? '' };
  }

  async upload(local: string, remote: string, opts: { onProgress?: (sent: number, total: number) => void } = {}): Promise<void> {
    this.uploads.push({ local, remote });
    if (this.uploadError) throw this.uploadError;
    for (const sent of [25, 50, 75, 100]) opts.onProgress?.(sent, 100);
  }

  close(): void {
    this.closed = true;
  }

  /** The commands run, each shortened to what names it. */
  commandsMatching(re: RegExp): RecordedRun[] {
    return this.runs.filter((r) => re.test(r.command));
  }
}
