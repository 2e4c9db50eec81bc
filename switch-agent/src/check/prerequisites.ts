import type { AgentConfig } from '../config/agentConfig';
import { SETPRIV_BIN } from '../engine/nodeProcessHost';
import { keyFileProblem, type KeyFileStat } from '../secrets/secretKeyFile';
import { LOCAL_PORT_RANGE_FILE, mediaRangeProblem, type PortRange } from '../engine/mediaPorts';
import { resolveEngineUsers, type UserLookup } from '../engine/engineUsers';

/** What the checks may touch; the composition root passes real implementations, tests pass fakes. */
export interface CheckHost {
  exec(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  exists(path: string): boolean;
  isWritableDir(path: string): boolean;
  groupExists(name: string): Promise<boolean>;
  nodeVersion: string;
  sqliteVersion(): string | null;
  /** null when the file does not exist. */
  keyFileStat(path: string): KeyFileStat | null;
  uid: number;
  /** The kernel's ephemeral port range; undefined where it cannot be read. */
  localPortRange?(): PortRange | undefined;
  /** A user of the host (engine.runAsUser); absent = not checked. */
  userLookup?: UserLookup;
}

export type CheckStatus = 'ok' | 'warn' | 'fail';
export interface CheckResult {
  status: CheckStatus;
  what: string;
  detail: string;
}

/** Kamailio modules the rendered configuration loads (a test keeps this equal to renderKamailioCfg's). */
export const REQUIRED_KAMAILIO_MODULES = [
  'acc', 'auth', 'auth_db', 'cfg_rpc', 'cfgutils', 'corex', 'ctl', 'db_flatstore', 'db_sqlite', 'dialog', 'dispatcher', 'drouting', 'htable',
  'jsonrpcs', 'kex', 'maxfwd', 'nathelper', 'permissions', 'pv', 'registrar', 'rr', 'rtimer', 'rtpengine', 'sdpops', 'siptrace', 'siputils', 'sl', 'statistics', 'tcpops', 'textops', 'textopsx', 'tm', 'tmx',
  'tls', 'uac', 'usrloc', 'xlog',
] as const;

function firstMatch(text: string, re: RegExp): string | null {
  return re.exec(text)?.[1] ?? null;
}

export async function runChecks(cfg: AgentConfig, host: CheckHost): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  const major = Number(host.nodeVersion.replace(/^v/, '').split('.')[0]);
  out.push(
    major >= 18
      ? { status: 'ok', what: 'Node.js', detail: host.nodeVersion }
      : { status: 'fail', what: 'Node.js', detail: `${host.nodeVersion} is too old: switch-agent needs Node.js 18 or newer` },
  );

  const sqlite = host.sqliteVersion();
  out.push(
    sqlite
      ? { status: 'ok', what: 'SQLite (better-sqlite3)', detail: sqlite }
      : { status: 'fail', what: 'SQLite (better-sqlite3)', detail: 'the native module did not load; reinstall switch-agent for this Node.js version' },
  );

  if (!cfg.engine.enabled) {
    out.push({ status: 'warn', what: 'engine', detail: 'disabled in the settings file: no calls will be handled' });
  } else {
    out.push(await binaryVersion(host, 'Kamailio', cfg.engine.kamailioBin, ['-v'], /version: kamailio (\S+)/, 'kamailio kamailio-sqlite-modules'));
    out.push(await binaryVersion(host, 'rtpengine', cfg.engine.rtpengineBin, ['--version'], /Version: (\S+)/, 'rtpengine-daemon'));
    // The engines are started through it: their users and capabilities (nodeProcessHost).
    out.push(await binaryVersion(host, 'setpriv', SETPRIV_BIN, ['--version'], /util-linux (\S+)/, 'util-linux'));
    const missing = REQUIRED_KAMAILIO_MODULES.filter((m) => !host.exists(`${cfg.engine.kamailioModulesDir}/${m}.so`));
    out.push(
      missing.length === 0
        ? { status: 'ok', what: 'Kamailio modules', detail: `all ${REQUIRED_KAMAILIO_MODULES.length} present in ${cfg.engine.kamailioModulesDir}` }
        : {
            status: 'fail',
            what: 'Kamailio modules',
            detail: `missing in ${cfg.engine.kamailioModulesDir}: ${missing.join(', ')} (db_sqlite comes with kamailio-sqlite-modules, tls with kamailio-tls-modules)`,
          },
    );
    out.push(mediaPortsCheck({ min: cfg.engine.rtpPortMin, max: cfg.engine.rtpPortMax }, host.localPortRange?.()));
    if (host.userLookup) out.push(engineUsersCheck(cfg.engine.runAsUser, host.userLookup, host.uid));
  }

  for (const [what, dir] of [['data folder', cfg.dataDir], ['socket folder', cfg.socketDir]] as const) {
    out.push(
      host.isWritableDir(dir)
        ? { status: 'ok', what, detail: `${dir} is writable` }
        : { status: 'fail', what, detail: `${dir} is missing or not writable by this user (systemd creates it from the unit)` },
    );
  }

  out.push(secretKeyCheck(cfg.secretKeyFile, host));

  for (const [role, group] of [['admin', cfg.adminGroup], ['view', cfg.viewGroup]] as const) {
    if (group === null) {
      out.push({ status: 'warn', what: `${role} group`, detail: `not set: ${role}.sock keeps this process's group` });
    } else {
      out.push(
        (await host.groupExists(group))
          ? { status: 'ok', what: `${role} group`, detail: group }
          : { status: 'fail', what: `${role} group`, detail: `group "${group}" does not exist: run  groupadd --system ${group}` },
      );
    }
  }
  return out;
}

function secretKeyCheck(file: string, host: CheckHost): CheckResult {
  const what = 'secret key file';
  const st = host.keyFileStat(file);
  if (!st) return { status: 'warn', what, detail: `${file} does not exist yet: the agent creates it (mode 0600) at first start; back it up apart from the database` };
  const problem = keyFileProblem(file, st, host.uid);
  return problem ? { status: 'fail', what, detail: problem } : { status: 'ok', what, detail: `${file}, readable by its owner only` };
}

function engineUsersCheck(setting: AgentConfig['engine']['runAsUser'], lookup: UserLookup, uid: number): CheckResult {
  const what = 'engine users';
  if (setting === null) return { status: 'warn', what, detail: "engine.runAsUser not set: Kamailio and rtpengine run as the agent's own user" };
  try {
    const u = resolveEngineUsers(setting, lookup, uid)!;
    return { status: 'ok', what, detail: `kamailio as ${u.kamailio.name} (uid ${u.kamailio.uid}), rtpengine as ${u.rtpengine.name} (uid ${u.rtpengine.uid})` };
  } catch (e) {
    return { status: 'fail', what, detail: (e as Error).message };
  }
}

function mediaPortsCheck(media: PortRange, ephemeral: PortRange | undefined): CheckResult {
  const what = 'media ports';
  if (!ephemeral) return { status: 'warn', what, detail: `${media.min}–${media.max}; ${LOCAL_PORT_RANGE_FILE} could not be read to compare` };
  const problem = mediaRangeProblem(media, ephemeral);
  return problem
    ? { status: 'fail', what, detail: problem }
    : { status: 'ok', what, detail: `${media.min}–${media.max}, outside the kernel's ephemeral range ${ephemeral.min}–${ephemeral.max}` };
}

async function binaryVersion(host: CheckHost, what: string, bin: string, args: string[], re: RegExp, pkg: string): Promise<CheckResult> {
  if (!host.exists(bin)) return { status: 'fail', what, detail: `not found at ${bin}: install it with  apt-get install ${pkg}` };
  const r = await host.exec(bin, args);
  const version = firstMatch(r.stdout + r.stderr, re);
  if (r.code !== 0 || !version) return { status: 'fail', what, detail: `${bin} ${args.join(' ')} did not report a version (exit ${r.code})` };
  return { status: 'ok', what, detail: `${version} (${bin})` };
}

/** Plain-words report, one line per check; the exit status is non-zero when anything failed. */
export function formatChecks(results: readonly CheckResult[]): { text: string; failed: boolean } {
  const label: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };
  const width = Math.max(...results.map((r) => r.what.length));
  const lines = results.map((r) => `${label[r.status]}  ${r.what.padEnd(width)}  ${r.detail}`);
  const failed = results.some((r) => r.status === 'fail');
  lines.push(failed ? 'Some prerequisites are missing: see the FAIL lines above.' : 'All prerequisites are in place.');
  return { text: lines.join('\n'), failed };
}
