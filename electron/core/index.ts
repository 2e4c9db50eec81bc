/**
 * The host core's composition root: one `createHost` wires the database, the server registry,
 * known_hosts, connections, drafts, subscriptions and terminals behind the HostApi. Electron's main
 * process and the browser shell both carry `Host.call` / `Host.onEvent` to their renderer.
 */
import { createHash, randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { useSha256Hex, type Sha256Parts } from '@shared/config';
import type { HostCallOutcome } from '@shared/rpc/hostWire';
import type { ClientIdentity } from './agent';
import { openHostDb } from './db/openHostDb';
import { DraftStore } from './drafts/draftStore';
import { sweepFleet } from './fleet/fleetStatus';
import { ConnectionManager } from './host/connectionManager';
import { DraftsService } from './host/draftsService';
import { HostDispatcher } from './host/hostDispatcher';
import { HostEvents, type HostEventListener } from './host/hostEvents';
import { InstallService } from './install/installService';
import { hostHandlers } from './host/hostService';
import type { LinkEnv, LinkTuning } from './host/linkEnv';
import { MemorySecretStore, type SecretStore, type TextSealer } from './host/secrets';
import { SubscriptionManager } from './host/subscriptions';
import { TerminalManager } from './host/terminals';
import { ServerRegistry } from './servers/serverRegistry';
import { KnownHostsStore } from './ssh/knownHostsFile';

export type { SecretStore, TextSealer } from './host/secrets';
export { MemorySecretStore } from './host/secrets';
export type { HostEventListener } from './host/hostEvents';
export type { LinkTuning } from './host/linkEnv';

export const APP_NAME = 'switchdeck';
export const APP_VERSION = '0.1.0';
/** The app's own known_hosts file inside the data folder (hashed entries, mode 0600). */
export const KNOWN_HOSTS_FILE = 'known_hosts';

export interface CreateHostOptions {
  /** The app data folder: the database and the app's known_hosts live here. */
  dataDir: string;
  /** The OS keychain (Electron: safeStorage). Without one, "remember" is refused and prompts say so. */
  secrets?: SecretStore;
  /**
   * Encrypts passwords kept in drafts (Electron: safeStorage). Without one, drafts keep them as
   * typed and the UI says so before saving (`drafts.secretStorage`).
   */
  draftSealer?: TextSealer;
  /** Read-only known_hosts inputs. Default: ~/.ssh/known_hosts. */
  knownHostsReadOnlyFiles?: readonly string[];
  /** How the agent's audit log names this client. Default: switchdeck, this version, the OS user. */
  client?: ClientIdentity;
  tuning?: LinkTuning;
  /**
   * Where the switch-agent Debian packages the installer uploads are (`npm run package:agent`
   * output, dist/packages). Without it "Install agent" says the app carries no package.
   */
  agentPackagesDir?: string;
  /**
   * How much the renderer may hold unacked: items per subscription, characters per terminal
   * (defaults DEFAULT_SUBSCRIPTION_ACK_WINDOW, DEFAULT_TERMINAL_ACK_WINDOW). Tests make them small.
   */
  ackWindows?: { items?: number; chars?: number };
  /** Problems worth a log line that do not fail a call (a secret that could not be stored). */
  warn?: (message: string) => void;
}

export interface Host {
  /** One HostApi call; never throws (failures are `{ ok: false, error }` with an RpcError payload). */
  call(method: string, params: unknown): Promise<HostCallOutcome>;
  /** Every HOST_EVENTS event, payload already validated. */
  onEvent(listener: HostEventListener): () => void;
  /** False in the browser shell: credential prompts say so and `remember: true` is refused. */
  readonly canRememberSecrets: boolean;
  /** Closes terminals and connections, then the database. */
  close(): Promise<void>;
}

/** Configuration hashes with node:crypto (same SHA-256 as the portable code in shared/, much faster). */
const nodeSha256Hex: Sha256Parts = (parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

export function createHost(options: CreateHostOptions): Host {
  useSha256Hex(nodeSha256Hex);
  const warn = options.warn ?? ((m: string) => console.warn(`switchdeck host: ${m}`));
  const db = openHostDb({ dataDir: options.dataDir });
  const registry = new ServerRegistry(db);
  const store = new DraftStore(db, options.draftSealer ? { sealer: options.draftSealer } : {});
  const events = new HostEvents((event, problem) => warn(`dropped an invalid '${event}' event: ${problem}`));
  const newId = () => randomUUID();
  const env: LinkEnv = {
    knownHosts: new KnownHostsStore({
      appFile: join(options.dataDir, KNOWN_HOSTS_FILE),
      ...(options.knownHostsReadOnlyFiles ? { readOnlyFiles: options.knownHostsReadOnlyFiles } : {}),
    }),
    secrets: options.secrets,
    typedSecrets: new MemorySecretStore(),
    acceptedOnce: new Map(),
    client: options.client ?? { name: APP_NAME, version: APP_VERSION, user: osUser() },
    events,
    tuning: options.tuning ?? {},
    newId,
    now: () => new Date(),
    warn,
  };
  const connections = new ConnectionManager(registry, env);
  const terminals = new TerminalManager(connections, events, newId, options.ackWindows?.chars);
  connections.keepOpenWhile((id) => terminals.hasOpen(id));
  const drafts = new DraftsService(store, connections, env.tuning);
  const installs = new InstallService({
    registry,
    connections,
    env,
    packagesDir: options.agentPackagesDir,
    connect: (id) => connections.connect(id).then((o) => drafts.afterConnect(id, o)),
  });
  const dispatcher = new HostDispatcher(
    hostHandlers({
      registry,
      connections,
      drafts,
      subscriptions: new SubscriptionManager(connections, events, newId, options.ackWindows?.items),
      terminals,
      installs,
      fleetStatus: (serverIds) =>
        sweepFleet(serverIds, connections.connectAgent, {
          ...(env.tuning.fleetConcurrency !== undefined ? { concurrency: env.tuning.fleetConcurrency } : {}),
          ...(env.tuning.fleetServerDeadlineMs !== undefined ? { deadlineMs: env.tuning.fleetServerDeadlineMs } : {}),
          onRow: (row) => events.emit('fleet.status', row),
        }),
    }),
    { onInternalError: (method, err) => warn(`'${method}' failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`) },
  );
  let closed = false;
  return {
    call: (method, params) => dispatcher.dispatch(method, params),
    onEvent: (listener) => events.on(listener),
    canRememberSecrets: options.secrets !== undefined,
    async close() {
      if (closed) return;
      closed = true;
      terminals.closeAll();
      installs.closeAll();
      await connections.closeAll();
      db.close();
    },
  };
}

function osUser(): string {
  try {
    return userInfo().username.slice(0, 128);
  } catch {
    return '';
  }
}
