// sipp on loopback for the e2e call check: a callee (UAS) that answers, and a caller (UAC) that
// follows Record-Route (the scenarios of the engine integration tests).
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, startGroup, stopGroup, udpPortBound, waitFor, type RunResult } from '../../integration/engine/procs';
import { uacXml, uasXml } from '../../integration/engine/scenarioXml';
import { freeUdpPort } from './ports';

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
  const port = await freeUdpPort(host);
  const scenario = path.join(dir, 'e2e-uas.xml');
  writeFileSync(scenario, uasXml());
  const child: ChildProcess = startGroup('sipp', ['-sf', scenario, '-i', host, '-p', String(port), '-m', String(calls), '-nostdin'], dir);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await waitFor(`sipp UAS bound on ${host}:${port}`, 10_000, async () => ((await udpPortBound(host, port)) ? true : undefined));
  return { host, port, output: () => out, exited, stop: () => stopGroup(child) };
}

/** One call from `from` to the switch; exit code 0 means sipp saw it answered and hung up cleanly. `callId` fixes its Call-ID. */
export function callOnce(dir: string, from: string, to: { host: string; port: number }, callee: string, callId?: string): Promise<RunResult> {
  const scenario = path.join(dir, 'e2e-uac.xml');
  writeFileSync(scenario, uacXml({ expect: 'answer', holdMs: 200 }));
  const cid = callId === undefined ? [] : ['-cid_str', callId];
  return run('sipp', ['-sf', scenario, '-i', from, '-s', callee, `${to.host}:${to.port}`, '-m', '1', ...cid, '-timeout', '20s', '-nostdin'], dir, 25_000);
}
