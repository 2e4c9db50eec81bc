// sipp on loopback for the e2e call check: a callee (UAS) that answers, and a caller (UAC) that
// follows Record-Route (the scenarios of the engine integration tests).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, startBoundSipp, stopGroup, type RunResult } from '../../integration/engine/procs';
import { uacXml, uasXml } from '../../integration/engine/scenarioXml';

export interface Uas {
  readonly host: string;
  readonly port: number;
  /** sipp's output so far. */
  readonly output: () => string;
  /** Resolves with sipp's exit code once it has served its calls (it exits by itself after -m). */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** A sipp callee on host (e.g. 127.0.0.3) that answers `calls` calls, then exits. */
export async function startUas(dir: string, host: string, calls = 1): Promise<Uas> {
  const scenario = path.join(dir, 'e2e-uas.xml');
  writeFileSync(scenario, uasXml());
  const sipp = await startBoundSipp(host, ['-sf', scenario, '-m', String(calls), '-nostdin'], dir);
  const exited = new Promise<number | null>((r) => (sipp.child.exitCode !== null ? r(sipp.child.exitCode) : sipp.child.once('exit', (code) => r(code))));
  return { host, port: sipp.port, output: sipp.output, exited, stop: () => stopGroup(sipp.child) };
}

/** One call from `from` to the switch; exit code 0 means sipp saw it answered and hung up cleanly. `callId` fixes its Call-ID. */
export function callOnce(dir: string, from: string, to: { host: string; port: number }, callee: string, callId?: string): Promise<RunResult> {
  const scenario = path.join(dir, 'e2e-uac.xml');
  writeFileSync(scenario, uacXml({ expect: 'answer', holdMs: 200 }));
  const cid = callId === undefined ? [] : ['-cid_str', callId];
  return run('sipp', ['-sf', scenario, '-i', from, '-s', callee, `${to.host}:${to.port}`, '-m', '1', ...cid, '-timeout', '20s', '-nostdin'], dir, 25_000);
}
