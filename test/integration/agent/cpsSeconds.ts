// Calls per second as the engine counted them. Kamailio's calls-per-second limits count per Unix
// second of its own clock ($Ts when it decides, cfgGatewayLimits.ts). A gateway's receive time is
// later by the relay, sipp's scheduling and its log write: under load an INVITE admitted at x.990
// is logged at the gateway in the next second, which then shows 4 calls for a limit of 3. So the
// tests bucket each call by a time the engine itself recorded right next to its decision (the
// call record's start, or the attempt's start), and check every second against the calls that
// came in that second: exactly min(limit, came) admitted.
import type { CdrRecordWire } from '@shared/rpc/cdrApi';

export interface EngineSecond {
  second: number;
  /** Call-IDs of the calls counted in this second that the limit let through. */
  admitted: string[];
  /** Call-IDs of the calls of this second that were refused or skipped. */
  refused: string[];
}

/**
 * Groups call records by the engine's second `at` gives for each (ms since the epoch), each call
 * admitted or not as `admitted` says. Sorted by second.
 */
export function engineSeconds(records: CdrRecordWire[], at: (r: CdrRecordWire) => number, admitted: (r: CdrRecordWire) => boolean): EngineSecond[] {
  const by = new Map<number, EngineSecond>();
  for (const r of records) {
    const second = Math.floor(at(r) / 1000);
    const s = by.get(second) ?? { second, admitted: [], refused: [] };
    (admitted(r) ? s.admitted : s.refused).push(r.callId);
    by.set(second, s);
  }
  return [...by.values()].sort((a, b) => a.second - b.second);
}

/** Per second: [calls that came, calls admitted] — what the diagnostics print. */
export const secondsText = (seconds: EngineSecond[]) =>
  seconds.map((s) => `${s.second}: ${s.admitted.length + s.refused.length} came, ${s.admitted.length} admitted`).join('; ');

/** When the next whole second of the local clock starts (Kamailio runs on the same clock). */
export function nextSecondStart(): number {
  return Math.ceil((Date.now() + 1) / 1000) * 1000;
}
