/**
 * The two ends of the link to the host process, as small interfaces: the parent's view of a child
 * (Node's child_process.fork or Electron's utilityProcess.fork) and the child's view of its parent
 * (Node's process.send or Electron's process.parentPort). Messages are plain objects; whoever
 * receives one validates it against shared/rpc/hostProcessWire.
 */

/** A running host process, seen from the window's process. */
export interface HostChild {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process has gone, whatever the reason. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/** Starts a host process (one per call). */
export type SpawnHostChild = () => HostChild;

/** The parent, seen from the host process. */
export interface ParentPort {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent went away (Node: IPC disconnect). Electron kills a utility process with its parent. */
  onGone(listener: () => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

/** The port this process was started with: Electron's parentPort in a utility process, else Node IPC. */
export function parentPortOf(proc: NodeJS.Process): ParentPort | null {
  const electronPort = (proc as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      send: (m) => electronPort.postMessage(m),
      onMessage: (l) => electronPort.on('message', (e) => l(e.data)),
      onGone: () => {},
    };
  }
  const send = proc.send?.bind(proc);
  if (!send) return null;
  return {
    send: (m) => void send(m),
    onMessage: (l) => proc.on('message', l),
    onGone: (l) => proc.once('disconnect', l),
  };
}
