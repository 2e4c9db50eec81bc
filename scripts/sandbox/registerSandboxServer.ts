import { openHostDb } from '../../electron/core/db/openHostDb';
import { ServerRegistry } from '../../electron/core/servers/serverRegistry';
import type { Sandbox } from './startSandbox';

export const SANDBOX_SERVER_NAME = 'sandbox';

/** Saves (or refreshes) the sandbox as a server in the app's data folder, so the demo opens on it. */
export function registerSandboxServer(appDataDir: string, sandbox: Sandbox): void {
  const db = openHostDb({ dataDir: appDataDir });
  try {
    const registry = new ServerRegistry(db);
    const input = {
      name: SANDBOX_SERVER_NAME,
      group: 'Local',
      host: sandbox.sshd.host,
      port: sandbox.sshd.port,
      username: sandbox.sshd.user.name,
      auth: { kind: 'key' as const, keyPath: sandbox.sshd.userKeyPath },
      role: 'admin' as const,
      agentSocketPath: sandbox.adminSocket,
      notes: `Local sandbox switch: Kamailio on 127.0.0.1:${sandbox.sipPort}, reached through sshd on port ${sandbox.sshd.port}.`,
    };
    const existing = registry.list().find((s) => s.name === SANDBOX_SERVER_NAME);
    if (existing) registry.update(existing.id, input);
    else registry.add(input);
  } finally {
    db.close();
  }
}
