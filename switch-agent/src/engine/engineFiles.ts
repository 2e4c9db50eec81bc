// The files the driver owns in its engine directory, and the two operations on them that can
// fail: checking a rendered kamailio.cfg with `kamailio -c` before it replaces the live one, and
// writing the engine tables (one transaction: a failure leaves the previous rows).
import { execFile } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface EnginePaths {
  dir: string;
  /**
   * Where Kamailio writes at run time (its rundir): the RPC FIFO, the reply FIFOs, the ctl socket
   * and the pid file. The engine dir itself when the engines run as the agent's user; a folder of
   * its own when Kamailio runs as another user (engineAccess.ts), so it can write nothing else.
   */
  run: string;
  cfg: string;
  /** Candidate cfg: written and checked here, renamed over `cfg` only when the check passed. */
  cfgNext: string;
  db: string;
  fifo: string;
  ctl: string;
  pid: string;
  cdrDir: string;
}

export function enginePaths(dir: string, cdrDir = join(dir, 'cdr'), run = dir): EnginePaths {
  return {
    dir,
    run,
    cfg: join(dir, 'kamailio.cfg'),
    cfgNext: join(dir, 'kamailio.cfg.next'),
    db: join(dir, 'engine.sqlite'),
    fifo: join(run, 'rpc.fifo'),
    ctl: join(run, 'ctl.sock'),
    pid: join(run, 'kamailio.pid'),
    cdrDir,
  };
}

/** The run folder Kamailio gets when it runs as another user. */
export function separateRunDir(dir: string): string {
  return join(dir, 'run');
}

/** Writes `text` as the candidate cfg and runs `kamailio -c` on it; throws with Kamailio's complaint. */
export async function checkCandidateCfg(kamailioBin: string, paths: EnginePaths, text: string): Promise<void> {
  writeFileSync(paths.cfgNext, text, { mode: 0o600 });
  try {
    await execFileAsync(kamailioBin, ['-c', '-f', paths.cfgNext], { timeout: 10_000 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    rmSync(paths.cfgNext, { force: true });
    const lines = (err.stderr ?? err.message).split('\n').filter((l) => /ERROR|CRITICAL|error/.test(l));
    throw new Error(`kamailio -c rejected the rendered cfg: ${lines.slice(-3).join(' | ') || err.message}`, { cause: e });
  }
}

/** Makes the checked candidate the live cfg (what the next start or restart uses). */
export function promoteCandidateCfg(paths: EnginePaths): void {
  renameSync(paths.cfgNext, paths.cfg);
}

export function discardCandidateCfg(paths: EnginePaths): void {
  rmSync(paths.cfgNext, { force: true });
}

/** First line of `<bin> <flag>`, e.g. "version: kamailio 5.6.3 (x86_64/linux)"; null if it cannot run. */
export async function binaryVersion(bin: string, flag: string): Promise<string | null> {
  try {
    const { stdout, stderr } = await execFileAsync(bin, [flag], { timeout: 5000 });
    return (stdout || stderr).split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
}
