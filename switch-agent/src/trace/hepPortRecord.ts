// The HEP port the trace listener bound, kept in the data folder: kamailio.cfg names it, so the
// next agent binds the same one and an unchanged configuration renders identically (an engine left
// running across an agent restart is adopted only then, engine/adoption.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function hepPortFile(dataDir: string): string {
  return join(dataDir, 'trace-hep.port');
}

/** The recorded port, or 0 (the kernel picks) when there is none or it is not a port. */
export function readHepPort(dataDir: string): number {
  try {
    const n = Number(readFileSync(hepPortFile(dataDir), 'utf8').trim());
    return Number.isInteger(n) && n > 0 && n <= 65535 ? n : 0;
  } catch {
    return 0;
  }
}

export function writeHepPort(dataDir: string, port: number): void {
  writeFileSync(hepPortFile(dataDir), `${port}\n`, { mode: 0o600 });
}
