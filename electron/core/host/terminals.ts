/**
 * Interactive shells over a server's SSH session. Output goes out as 'terminal.data' events in
 * UTF-8 text (a multi-byte character split across packets is held back until complete); bytes
 * that are not UTF-8 arrive as U+FFFD. Input is text too, sent as UTF-8.
 */
import { StringDecoder } from 'node:string_decoder';
import { RpcError } from '@shared/rpc/errors';
import type { ShellChannel } from '../ssh/sshChannels';
import type { ConnectionManager } from './connectionManager';
import type { HostEvents } from './hostEvents';

export class TerminalManager {
  private readonly shells = new Map<string, ShellChannel>();

  constructor(
    private readonly connections: ConnectionManager,
    private readonly events: HostEvents,
    private readonly newId: () => string,
  ) {}

  async open(serverId: string, cols: number, rows: number): Promise<string> {
    const session = this.connections.connected(serverId).requireSession();
    const shell = await session.shell({ cols, rows });
    const terminalId = this.newId();
    this.shells.set(terminalId, shell);
    const decoder = new StringDecoder('utf8');
    shell.stream.on('data', (chunk: Buffer) => {
      const data = decoder.write(chunk);
      if (data !== '') this.events.emit('terminal.data', { terminalId, data });
    });
    void shell.exit.then(({ code, signal }) => {
      this.shells.delete(terminalId);
      const rest = decoder.end();
      if (rest !== '') this.events.emit('terminal.data', { terminalId, data: rest });
      this.events.emit('terminal.exit', { terminalId, code, signal });
    });
    return terminalId;
  }

  async write(terminalId: string, data: string): Promise<void> {
    await this.require(terminalId).write(data);
  }

  resize(terminalId: string, cols: number, rows: number): void {
    this.require(terminalId).resize(cols, rows);
  }

  close(terminalId: string): void {
    this.require(terminalId).close();
  }

  closeAll(): void {
    for (const shell of this.shells.values()) shell.close();
  }

  private require(terminalId: string): ShellChannel {
    const shell = this.shells.get(terminalId);
    if (!shell) throw new RpcError('NOT_FOUND', `there is no open terminal with id ${terminalId}`, { path: 'terminalId' });
    return shell;
  }
}
