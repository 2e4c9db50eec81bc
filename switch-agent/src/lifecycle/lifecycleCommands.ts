// `switch-agent stop-engines` and `switch-agent restart`: the two halves of telling a restart from
// a stop for good (packaging/README.md, "Engines that outlive an agent restart").
//  - stop-engines (the unit's ExecStopPost, or by hand): stops the engines the agent recorded,
//    unless a handover is under way (the marker) or systemd reports the agent failed (it restarts
//    the unit, and the next agent adopts or replaces them).
//  - restart: writes the marker, then restarts the agent — `systemctl restart` under systemd;
//    without it, the agent in the pid file the installer keeps gets SIGTERM and is started again
//    the way the installer starts it (detached, output appended to the log file).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentConfig } from '../config/agentConfig';
import { engineOptionsFromAgentConfig } from '../engine/driverOptions';
import { handoverPending, writeHandover } from '../engine/handover';
import { OwnerRecords, reapLeftovers } from '../engine/leftovers';
import { procfsTable } from '../engine/procfsTable';

/** systemd's ExecStopPost result values of an agent that failed (systemd.exec(5), $SERVICE_RESULT). */
const FAILED_RESULTS = new Set(['exit-code', 'signal', 'core-dump', 'watchdog', 'timeout']);

export async function stopEngines(cfg: AgentConfig, env: NodeJS.ProcessEnv): Promise<string> {
  if (handoverPending(cfg.socketDir)) return 'a handover to the next agent is under way: the engines keep running';
  if (env.SERVICE_RESULT && FAILED_RESULTS.has(env.SERVICE_RESULT)) {
    return `the agent failed (${env.SERVICE_RESULT}): the engines keep running for the agent systemd starts again`;
  }
  const owners = new OwnerRecords(engineOptionsFromAgentConfig(cfg).dir);
  const records = owners.all();
  const r = await reapLeftovers(procfsTable, records);
  for (const rec of records) owners.forget(rec.name, rec.pid);
  if (r.survivors.length > 0) throw new Error(`engine processes would not stop (pids ${r.survivors.join(', ')})`);
  return r.stopped.length > 0 ? `stopped the engines (pids ${r.stopped.join(', ')})` : 'no engine was running';
}

export const SYSTEMD_DIR = '/run/systemd/system';
/** Where the installer keeps the pid of an agent it started without systemd (electron/core/install/hostFacts.ts). */
export const PID_FILE = 'agent.pid';
export const NO_SYSTEMD_LOG = '/var/log/switch-agent.log';

export interface RestartOptions {
  configFile: string;
  /** Where the output of an agent started without systemd goes. */
  logFile?: string;
  systemdDir?: string;
  waitMs?: number;
}

export async function restartAgent(cfg: AgentConfig, o: RestartOptions): Promise<string> {
  writeHandover(cfg.socketDir);
  if (existsSync(o.systemdDir ?? SYSTEMD_DIR)) {
    execFileSync('systemctl', ['restart', 'switch-agent.service'], { stdio: 'inherit' });
    return 'restarted switch-agent.service; the engines kept running';
  }
  const pidFile = join(cfg.socketDir, PID_FILE);
  const pid = readPid(pidFile);
  if (pid === null) throw new Error(`no running agent found in ${pidFile}: start it with \`switch-agent serve --config ${o.configFile}\``);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + (o.waitMs ?? 30_000);
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`the agent (pid ${pid}) did not stop within ${(o.waitMs ?? 30_000) / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const out = openSync(o.logFile ?? NO_SYSTEMD_LOG, 'a');
  const child = spawn(process.execPath, [process.argv[1]!, 'serve', '--config', o.configFile], { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  writeFileSync(pidFile, `${child.pid}\n`);
  return `restarted the agent (pid ${child.pid}, output in ${o.logFile ?? NO_SYSTEMD_LOG}); the engines kept running`;
}

function readPid(file: string): number | null {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 0 && alive(n) ? n : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)?.[0];
    return state !== undefined && state !== 'Z';
  } catch {
    return false;
  }
}
