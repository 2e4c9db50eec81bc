// Before a configuration climbs the load ladder: a few calls that must be anchored on rtpengine
// and leave the CDR lines the agent reads. A hand-written baseline that skipped either would be
// cheaper for the wrong reason, so the bench stops rather than compare it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlatstoreLine } from '../../switch-agent/src/cdr/parseFlatstore';
import type { CdrRecord } from '../../switch-agent/src/cdr/parseFlatstore';
import { CALLER_IP, failureSummary, GW_IP, PROXY_IP } from '../../test/integration/engine/loadRig';
import type { LoadRig } from '../../test/integration/engine/loadRig';
import { waitFor } from '../../test/integration/engine/procs';

const CHECK_CALLS = 20;
const CALLEE = '3000';

/**
 * A POSIX extended regexp (sipp's) matching exactly the decimal numbers lo–hi: blocks of a shared
 * prefix followed by any k digits, largest first, e.g. 1024–1100 → 102[4-9]… as (1024|…|10[3-9][0-9]|1100).
 */
export function portRangeRegex(lo: number, hi: number): string {
  const parts: string[] = [];
  for (let n = lo; n <= hi;) {
    let k = 0;
    while (n % 10 ** (k + 1) === 0 && n + 10 ** (k + 1) - 1 <= hi) k++;
    parts.push(k === 0 ? String(n) : `${n / 10 ** k}${'[0-9]'.repeat(k)}`);
    n += 10 ** k;
  }
  return `(${parts.join('|')})`;
}

/** The 200's SDP must name rtpengine's address and a port of the rig's media range, not the callee's own. */
function anchored(ports: { min: number; max: number }): { connection: string; port: string } {
  return { connection: `c=IN IP4 ${PROXY_IP.replace(/\./g, '\\.')}`, port: `m=audio ${portRangeRegex(ports.min, ports.max)} ` };
}

function cdrs(dir: string): { ok: CdrRecord[]; bad: string[] } {
  const lines = readdirSync(dir)
    .filter((f) => f.startsWith('acc_cdrs_') && f.endsWith('.log'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((l) => l.length > 0);
  const ok: CdrRecord[] = [];
  const bad: string[] = [];
  for (const l of lines) {
    const p = parseFlatstoreLine(l);
    if (p.ok) ok.push(p.cdr);
    else bad.push(`${p.reason}: ${l}`);
  }
  return { ok, bad };
}

/** What is wrong with one answered call's record, or '' when it is what the agent expects. */
function recordProblem(c: CdrRecord): string {
  const want: [string, unknown, unknown][] = [
    ['sip code', c.sipCode, 200], ['caller IP', c.srcIp, CALLER_IP], ['mapping gateway', c.mappingGateway, 'mgw-load'],
    ['routing gateway', c.routingGateway, 'gw-load'], ['callee', c.callee, CALLEE], ['ended by', c.endedBy, 'caller'],
    ['attempts', c.attempts.length, 1], ['attempt gateway', c.attempts[0]?.gateway, 'gw-load'], ['attempt code', c.attempts[0]?.code, 200],
  ];
  const wrong = want.filter(([, got, exp]) => got !== exp).map(([k, got, exp]) => `${k} ${JSON.stringify(got)} (expected ${JSON.stringify(exp)})`);
  if (c.answerMs === null || c.answerMs < c.startMs || c.answerMs > c.endMs) wrong.push(`answer time ${c.answerMs} not within ${c.startMs}–${c.endMs}`);
  if (!c.routingAddress?.startsWith(`${GW_IP}:`)) wrong.push(`routing address ${c.routingAddress}`);
  // The gateway rings (180) before it answers: both the call's first ring and the attempt's are recorded (post-dial delay).
  if (c.ringMs === null || c.ringMs < c.startMs || (c.answerMs !== null && c.ringMs > c.answerMs)) wrong.push(`ring time ${c.ringMs} not within ${c.startMs}–${c.answerMs}`);
  if (c.attempts[0]?.ringMs == null) wrong.push(`attempt ring time ${c.attempts[0]?.ringMs}`);
  return wrong.join(', ');
}

/** Places the check calls through a fresh `rig` and throws, naming the configuration, unless each is anchored and recorded. */
export async function checkAnchoredAndRecorded(name: string, rig: LoadRig, ports: { min: number; max: number }): Promise<void> {
  const dir = rig.cdrDir;
  if (!dir) throw new Error(`${name}: the rig has no CDR folder`);
  const r = await rig.load(CHECK_CALLS, 10, CALLEE, anchored(ports));
  if (r.failed > 0 || r.successful !== CHECK_CALLS) {
    throw new Error(`${name}: ${r.failed} of ${CHECK_CALLS} check calls failed (an unanchored answer fails a call): ${JSON.stringify(failureSummary(r.failures))}\n${r.errors}`);
  }
  const got = await waitFor(`${name}: ${CHECK_CALLS} CDR lines`, 10_000, async () => {
    const c = cdrs(dir);
    return c.bad.length > 0 || c.ok.length >= CHECK_CALLS ? c : undefined;
  });
  if (got.bad.length > 0) throw new Error(`${name}: CDR lines the agent cannot read:\n${got.bad.slice(0, 3).join('\n')}`);
  if (got.ok.length !== CHECK_CALLS) throw new Error(`${name}: ${got.ok.length} CDR lines for ${CHECK_CALLS} calls`);
  const problems = got.ok.map(recordProblem).filter((p) => p !== '');
  if (problems.length > 0) throw new Error(`${name}: ${problems.length} CDRs not as the agent records them, e.g. ${problems[0]}`);
}
