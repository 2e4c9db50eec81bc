/** What the installer needs of a server: run a command (output streamed) and upload a file. */
export type OutputStream = 'stdout' | 'stderr';

export interface RemoteRunOptions {
  /** Written to the command's stdin, which is then closed (a sudo password, never logged). */
  readonly stdin?: string;
  readonly onOutput?: (stream: OutputStream, text: string) => void;
  /** Aborting closes the channel. */
  readonly signal?: AbortSignal;
}

export interface RemoteRunResult {
  /** null: killed by a signal, or the channel closed without an exit status (aborted). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RemoteHost {
  run(command: string, opts?: RemoteRunOptions): Promise<RemoteRunResult>;
  upload(localPath: string, remotePath: string, opts?: { readonly onProgress?: (sent: number, total: number) => void; readonly signal?: AbortSignal }): Promise<void>;
  close(): void;
}
