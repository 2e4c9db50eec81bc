/** RemoteHost over one SshSession: exec channels for commands, SFTP for the package. */
import type { SshSession } from '../ssh/sshSession';
import type { RemoteHost, RemoteRunOptions, RemoteRunResult } from './remoteHost';

export class SshRemoteHost implements RemoteHost {
  constructor(private readonly session: SshSession) {}

  async run(command: string, opts: RemoteRunOptions = {}): Promise<RemoteRunResult> {
    const ch = await this.session.exec(command);
    const out: string[] = [];
    const err: string[] = [];
    const abort = () => ch.close();
    opts.signal?.addEventListener('abort', abort, { once: true });
    ch.stream.on('data', (b: Buffer) => {
      const text = b.toString('utf8');
      out.push(text);
      opts.onOutput?.('stdout', text);
    });
    ch.stream.stderr.on('data', (b: Buffer) => {
      const text = b.toString('utf8');
      err.push(text);
      opts.onOutput?.('stderr', text);
    });
    if (opts.stdin !== undefined) ch.stream.write(opts.stdin);
    ch.stream.end();
    try {
      const status = await ch.exit;
      return { code: status.code, stdout: out.join(''), stderr: err.join('') };
    } finally {
      opts.signal?.removeEventListener('abort', abort);
    }
  }

  async upload(localPath: string, remotePath: string, opts: { onProgress?: (sent: number, total: number) => void; signal?: AbortSignal } = {}): Promise<void> {
    const sftp = await this.session.sftp();
    const abort = () => sftp.end();
    opts.signal?.addEventListener('abort', abort, { once: true });
    try {
      await new Promise<void>((resolve, reject) => {
        sftp.fastPut(localPath, remotePath, { mode: 0o644, step: (sent, _chunk, total) => opts.onProgress?.(sent, total) }, (e) => (e ? reject(e) : resolve()));
      });
    } finally {
      opts.signal?.removeEventListener('abort', abort);
      sftp.end();
    }
  }

  close(): void {
    this.session.close();
  }
}
