// The unprivileged users Kamailio and rtpengine run as (agent setting `engine.runAsUser`).
//
// The agent (root) starts each engine through util-linux `setpriv`, which switches to the user's
// uid and gid, drops every supplementary group and then execs the engine (nodeProcessHost.ts).
// Kamailio alone keeps CAP_NET_BIND_SERVICE (ambient) so it can bind SIP port 5060; rtpengine binds
// only ports ≥ 1024 and keeps nothing. Why not Kamailio's own `-u/-g`: rtpengine has no such option,
// and a process that changes its own credentials loses the parent-death signal (setpriv sets it
// after the switch). See switch-agent/packaging/README.md.
import type { ProcessName } from './types';

export interface EngineUser {
  name: string;
  uid: number;
  gid: number;
}

export type EngineUsers = Record<ProcessName, EngineUser>;

/** The setting: one user for both engines, or one each. */
export type RunAsSetting = string | Record<ProcessName, string> | null;

/** Looks a user name up in the host's user database; null when there is no such user. */
export type UserLookup = (name: string) => EngineUser | null;

/** One `getent passwd` line ("name:x:uid:gid:gecos:home:shell"); null when it is not one. */
export function parsePasswdLine(line: string): EngineUser | null {
  const f = line.trim().split(':');
  if (f.length < 7 || !f[0]) return null;
  const uid = Number(f[2]);
  const gid = Number(f[3]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid < 0 || gid < 0 || f[2] === '' || f[3] === '') return null;
  return { name: f[0], uid, gid };
}

/**
 * The users to start the engines as, or null (the agent's own user, the default for tests and
 * development). Throws naming the setting when a user is missing, is root, or the agent cannot
 * switch users because it does not run as root.
 */
export function resolveEngineUsers(setting: RunAsSetting, lookup: UserLookup, agentUid: number): EngineUsers | null {
  if (setting === null) return null;
  const names: Record<ProcessName, string> = typeof setting === 'string' ? { kamailio: setting, rtpengine: setting } : setting;
  const field = (p: ProcessName) => (typeof setting === 'string' ? 'engine.runAsUser' : `engine.runAsUser.${p}`);
  if (agentUid !== 0) {
    throw new Error(
      `${field('kamailio')}: the engines can run as another user only when switch-agent runs as root (it runs as uid ${agentUid}); ` +
        'start the agent as root (the packaged service does) or set engine.runAsUser to null',
    );
  }
  const one = (p: ProcessName): EngineUser => {
    const u = lookup(names[p]);
    if (!u) throw new Error(`${field(p)}: there is no user "${names[p]}" on this host; the package's install script creates it (or create it with useradd --system)`);
    if (u.uid === 0) throw new Error(`${field(p)}: "${names[p]}" is root (uid 0); name an unprivileged user`);
    return u;
  };
  return { kamailio: one('kamailio'), rtpengine: one('rtpengine') };
}
