// The handover marker: tells an agent that receives SIGTERM that a new agent starts right after it
// (`switch-agent restart`, the package's postinst on upgrade, the installer's restart without
// systemd), so it leaves Kamailio and rtpengine running for that agent to adopt (adoption.ts).
// Without the marker a stop is for good and the engines stop with the agent. It lives in the
// socket folder (/run/switch-agent: tmpfs, so a reboot never finds a stale one) and is removed by
// the agent that acts on it, so it is used once.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function handoverMarker(socketDir: string): string {
  return join(socketDir, 'handover');
}

export function writeHandover(socketDir: string): void {
  writeFileSync(handoverMarker(socketDir), `${new Date().toISOString()}\n`, { mode: 0o600 });
}

/** True when the marker was there; removes it (one handover per marker). */
export function takeHandover(socketDir: string): boolean {
  const file = handoverMarker(socketDir);
  if (!existsSync(file)) return false;
  rmSync(file, { force: true });
  return true;
}

/** Present without being taken (stop-engines, which runs after the agent stopped). */
export function handoverPending(socketDir: string): boolean {
  return existsSync(handoverMarker(socketDir));
}
