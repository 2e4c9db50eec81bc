/**
 * What the installer needs to know about a server, read with one shell script run as the login
 * user (nothing needs root): who logs in, the OS, the installed switch-agent and engine packages,
 * systemd, sudo, and whether the agent's socket is there. `parseHostFacts` is pure.
 */
import { shellQuote } from '../host/agentStream';

/** Where the installer keeps the pid of an agent it started on a host without systemd. */
export const AGENT_PID_FILE = '/run/switch-agent/agent.pid';
export const ENGINE_PACKAGES = { kamailio: 'kamailio', rtpengine: 'rtpengine-daemon' } as const;

export interface PackageState {
  readonly installed: string | null;
  readonly available: string | null;
}

export interface HostFacts {
  readonly uid: number | null;
  readonly user: string;
  readonly groups: readonly string[];
  /** /etc/os-release ID, VERSION_ID and PRETTY_NAME; null when the file is missing. */
  readonly os: { readonly id: string; readonly version: string; readonly name: string } | null;
  /** dpkg's architecture; null without dpkg. */
  readonly arch: string | null;
  readonly apt: boolean;
  /** The installed switch-agent version ("ii" only: a removed package's leftover settings do not count). */
  readonly agent: string | null;
  /** The version of a removed switch-agent whose settings and data are still there (dpkg "rc"): only a purge is left to do. */
  readonly agentRemoved?: string | null;
  readonly engine: { readonly kamailio: PackageState; readonly rtpengine: PackageState };
  readonly systemd: boolean;
  readonly sudo: 'root' | 'nopasswd' | 'password' | 'missing';
  /** The agent socket the server's record names exists. */
  readonly socket: boolean;
  /** An agent started by the installer (its pid file names a live process). */
  readonly managedAgent: boolean;
}

const PKG_FORMAT = shellQuote('${db:Status-Abbrev}|${Version}');

/** The script, for `sh -c`; every line it prints is key=value. */
export function probeScript(socketPath: string): string {
  return [
    'echo "uid=$(id -u)"',
    'echo "user=$(id -un)"',
    'echo "groups=$(id -Gn)"',
    'if [ -r /etc/os-release ]; then (. /etc/os-release; echo "os_id=$ID"; echo "os_version=$VERSION_ID"; echo "os_name=$PRETTY_NAME"); fi',
    'command -v dpkg >/dev/null 2>&1 && echo "arch=$(dpkg --print-architecture)"',
    'command -v apt-get >/dev/null 2>&1 && echo apt=yes',
    `echo "agent=$(dpkg-query -W -f=${PKG_FORMAT} switch-agent 2>/dev/null)"`,
    // apt-cache reads every package list (seconds on a busy host): asked only for what is not installed.
    `for p in ${Object.values(ENGINE_PACKAGES).join(' ')}; do i=$(dpkg-query -W -f=${PKG_FORMAT} "$p" 2>/dev/null || echo '|'); c=; case "$i" in ii*) ;; *) c=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p');; esac; echo "pkg=$p|$i|$c"; done`,
    '[ -d /run/systemd/system ] && echo systemd=yes',
    'if [ "$(id -u)" != 0 ]; then if ! command -v sudo >/dev/null 2>&1; then echo sudo=missing; elif sudo -n true >/dev/null 2>&1; then echo sudo=nopasswd; else echo sudo=password; fi; fi',
    `[ -S ${shellQuote(socketPath)} ] && echo socket=yes`,
    `[ -r ${AGENT_PID_FILE} ] && [ -d "/proc/$(cat ${AGENT_PID_FILE})" ] && echo managed=yes`,
    'true',
  ].join('\n');
}

/** `ii |1.2-3` → 1.2-3; anything not installed (rc, un, empty) → null. */
function installedVersion(status: string, version: string): string | null {
  return status.trim() === 'ii' && version.trim() !== '' ? version.trim() : null;
}

export function parseHostFacts(output: string): HostFacts {
  const kv = new Map<string, string>();
  const pkgs = new Map<string, PackageState>();
  for (const line of output.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).replace(/\r$/, '');
    if (key === 'pkg') {
      const [name = '', status = '', version = '', candidate = ''] = value.split('|');
      const available = candidate.trim();
      pkgs.set(name, { installed: installedVersion(status, version), available: available === '' || available === '(none)' ? null : available });
    } else kv.set(key, value);
  }
  const uidText = kv.get('uid') ?? '';
  const uid = /^\d+$/.test(uidText) ? Number(uidText) : null;
  const [agentStatus = '', agentVersion = ''] = (kv.get('agent') ?? '').split('|');
  const osId = kv.get('os_id');
  const none: PackageState = { installed: null, available: null };
  return {
    uid,
    user: kv.get('user') ?? '',
    groups: (kv.get('groups') ?? '').split(/\s+/).filter((g) => g !== ''),
    os: osId === undefined ? null : { id: osId, version: kv.get('os_version') ?? '', name: kv.get('os_name') || `${osId} ${kv.get('os_version') ?? ''}`.trim() },
    arch: kv.get('arch')?.trim() || null,
    apt: kv.get('apt') === 'yes',
    agent: installedVersion(agentStatus, agentVersion),
    agentRemoved: agentStatus.trim() === 'rc' && agentVersion.trim() !== '' ? agentVersion.trim() : null,
    engine: { kamailio: pkgs.get(ENGINE_PACKAGES.kamailio) ?? none, rtpengine: pkgs.get(ENGINE_PACKAGES.rtpengine) ?? none },
    systemd: kv.get('systemd') === 'yes',
    sudo: uid === 0 ? 'root' : ((kv.get('sudo') as HostFacts['sudo'] | undefined) ?? 'missing'),
    socket: kv.get('socket') === 'yes',
    managedAgent: kv.get('managed') === 'yes',
  };
}
