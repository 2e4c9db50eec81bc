/**
 * Interactive shells over a server's SSH session. Output goes out as 'terminal.data' events in
 * UTF-8 text (a multi-byte character split across packets is held back until complete); bytes
 * that are not UTF-8 arrive as U+FFFD. Input is text too, sent as UTF-8.
 *
 * Output is flow-controlled to the renderer: once a terminal's AckWindow of characters sent and
 * not acked ('terminal.ack', after the terminal has drawn them) is full, the SSH channel is paused,
 * so the server's output waits in its own buffers (SSH window) and nothing is lost or buffered here
 * without bound; it resumes when half the window is acked.
 */
import { StringDecoder } from 'node:string_decoder';
import { RpcError } from '@shared/rpc/errors';
import { DEFAULT_TERMINAL_ACK_WINDOW } from '@shared/rpc/hostFlowApi';
import type { ShellChannel } from '../ssh/sshChannels';
import type { ConnectionManager } from './connectionManager';
import type { HostEvents } from './hostEvents';
import { AckWindow } from './ackWindow';

export class TerminalManager {
  private readonly shells = new Map<string, ShellChannel>();
  private readonly windows = new Map<string, AckWindow>();
  /** terminalId → serverId: a server with a terminal open keeps its connection (connectionBound.ts). */
  private readonly servers = new Map<string, string>();

  constructor(
    private readonly connections: ConnectionManager,
    private readonly events: HostEvents,
    private readonly newId: () => string,
    /** Characters per terminal the renderer may hold undrawn (DEFAULT_TERMINAL_ACK_WINDOW). */
    private readonly ackWindow: number = DEFAULT_TERMINAL_ACK_WINDOW,
  ) {}

  /** The renderer has drawn `chars` more of this terminal's output; an unknown id is ignored (it closed meanwhile). */
  ack(terminalId: string, chars: number): void {
    const window = this.windows.get(terminalId);
    const shell = this.shells.get(terminalId);
    if (!window || !shell) return;
    window.acked(chars);
    if (shell.stream.isPaused() && window.belowLowWater) shell.stream.resume();
  }

  async open(serverId: string, cols: number, rows: number): Promise<string> {
    const session = this.connections.connected(serverId).requireSession();
    const shell = await session.shell({ cols, rows });
    const terminalId = this.newId();
    const window = new AckWindow(this.ackWindow);
    this.shells.set(terminalId, shell);
    this.windows.set(terminalId, window);
    this.servers.set(terminalId, serverId);
    const decoder = new StringDecoder('utf8');
    shell.stream.on('data', (chunk: Buffer) => {
      const data = decoder.write(chunk);
      if (data === '') return;
      window.sent(data.length);
      this.events.emit('terminal.data', { terminalId, data });
      if (window.full) shell.stream.pause();
    });
    void shell.exit.then(({ code, signal }) => {
      this.shells.delete(terminalId);
      this.windows.delete(terminalId);
      this.servers.delete(terminalId);
      const rest = decoder.end();
      if (rest !== '') this.events.emit('terminal.data', { terminalId, data: rest });
      this.events.emit('terminal.exit', { terminalId, code, signal });
    });
    return terminalId;
  }

  /** True while the server has a terminal open. */
  hasOpen(serverId: string): boolean {
    for (const s of this.servers.values()) if (s === serverId) return true;
    return false;
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
