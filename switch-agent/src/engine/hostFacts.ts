// The host facts engine sizing depends on, read once from the OS (engineSizing.ts is the pure part).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { HostFacts } from './engineSizing';
import { parsePasswdLine, type EngineUser } from './engineUsers';
import { parseMeminfo } from '../monitor/procParsers';

/** Linux's net.core.rmem_max default, used when /proc cannot be read. */
const RMEM_MAX_DEFAULT = 212_992;

export function readHostFacts(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): HostFacts {
  let rmemMaxBytes = RMEM_MAX_DEFAULT;
  try {
    const v = Number(read('/proc/sys/net/core/rmem_max').trim());
    if (Number.isInteger(v) && v > 0) rmemMaxBytes = v;
  } catch {
    // Not Linux, or /proc hidden: the kernel default is what a socket would get.
  }
  let memTotalBytes: number | undefined;
  try {
    memTotalBytes = parseMeminfo(read('/proc/meminfo')).get('MemTotal');
  } catch {
    // Not Linux: the capacity check then does not compare with memory.
  }
  return { cpus: availableParallelism(), rmemMaxBytes, ...(memTotalBytes !== undefined && { memTotalBytes }) };
}

/** A user from the host's user database (NSS, so LDAP users too); null when there is none. */
export function hostUserLookup(name: string): EngineUser | null {
  try {
    return parsePasswdLine(execFileSync('getent', ['passwd', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return null; // getent exits 2 for an unknown name.
  }
}
