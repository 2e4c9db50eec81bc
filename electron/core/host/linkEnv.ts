/** What every server link shares: stores, identity, the event bus and tunables. */
import type { BackoffOptions, ClientIdentity } from '../agent';
import type { KnownHostsStore } from '../ssh/knownHostsFile';
import type { ReconnectPolicy } from '../ssh/sshTypes';
import type { HostEvents } from './hostEvents';
import type { MemorySecretStore, SecretStore } from './secrets';

export interface LinkTuning {
  /** Each SSH network wait (SshSessionOptions.timeoutMs). */
  sshTimeoutMs?: number;
  sshReconnect?: ReconnectPolicy;
  keepaliveIntervalMs?: number;
  agentBackoff?: BackoffOptions;
  /** How long connecting waits for the agent's hello once SSH is up. Default 20 s. */
  agentWaitMs?: number;
  /** Live connections kept at most; the least recently used idle one is closed (connectionBound.ts). */
  maxLiveConnections?: number;
  /** Servers a fleet push or status sweep works on at once (fleetPush.ts DEFAULT_FLEET_CONCURRENCY). */
  fleetConcurrency?: number;
  /** One server's part of a fleet push or sweep must end within this (then it is "not answering"). */
  fleetServerDeadlineMs?: number;
}

export interface LinkEnv {
  readonly knownHosts: KnownHostsStore;
  /** The OS keychain; absent in the browser shell ("remember" is refused there). */
  readonly secrets: SecretStore | undefined;
  /** What the user typed and what worked, for this run only: fresh connections reuse it. */
  readonly typedSecrets: MemorySecretStore;
  /** `host:port` → fingerprint the user accepted once in this run. */
  readonly acceptedOnce: Map<string, string>;
  readonly client: ClientIdentity;
  readonly events: HostEvents;
  readonly tuning: LinkTuning;
  newId(): string;
  now(): Date;
  warn(message: string): void;
}

export function hostPort(host: string, port: number): string {
  return `${host}:${port}`;
}
