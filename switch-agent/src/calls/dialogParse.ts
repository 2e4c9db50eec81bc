// Turns one entry of Kamailio's `dlg.list` (dialog module, 5.6) into a Call. Pure and total:
// anything that is not a dialog entry gives null and the caller counts it.
//
// Shape (measured on 5.6.3): { h_entry, h_id, "call-id", from_uri, to_uri, state, init_ts,
// start_ts, caller: { tag, … }, callee: { tag, … }, variables: [ { name: value }, … ] }.
// `init_ts` is when the INVITE created the dialog; `start_ts` when it was answered. The
// variables are the $dlg_var values cfgRoutes sets (caller, callee, mgw_name, rgw_name, …).
import type { Call, CallState } from '@shared/rpc/callsApi';

/** Dialog module states: 1 unconfirmed, 2 early, 3 confirmed without ACK, 4 confirmed, 5 deleted. */
const STATES: Record<number, CallState> = { 1: 'setup', 2: 'ringing', 3: 'answered', 4: 'answered', 5: 'ending' };

/** Names of the static RTP payload types (RFC 3551) the switch is likely to see. */
const STATIC_PAYLOADS: Record<string, string> = {
  '0': 'PCMU/8000', '3': 'GSM/8000', '4': 'G723/8000', '8': 'PCMA/8000', '9': 'G722/8000', '18': 'G729/8000',
};

export interface DialogKeys {
  /** "<h_entry>:<h_id>". */
  id: string;
  callId: string;
  callerTag: string;
  calleeTag: string;
}

export interface ParsedDialog {
  call: Call;
  keys: DialogKeys;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The user part of a SIP URI ("sip:1555@host" → "1555"); the whole text when it has none. */
export function uriUser(uri: string): string {
  const m = /^(?:sips?|tel):([^@;?]*)/i.exec(uri);
  return m?.[1] ?? uri;
}

function variables(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(v)) return out;
  for (const entry of v) {
    for (const [k, val] of Object.entries(obj(entry))) {
      const s = str(val);
      if (s !== null && !out.has(k)) out.set(k, s);
    }
  }
  return out;
}

/** "pt:0" (payload type only) → "PCMU/8000"; an rtpmap value is kept as it is. */
export function codecName(raw: string | undefined): string | null {
  if (!raw) return null;
  const pt = /^pt:(\d{1,3})$/.exec(raw);
  if (!pt) return raw.slice(0, 64);
  return STATIC_PAYLOADS[pt[1]!] ?? `payload type ${pt[1]!}`;
}

const nonEmpty = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);

export function parseDialog(raw: unknown): ParsedDialog | null {
  const d = obj(raw);
  const hEntry = int(d.h_entry);
  const hId = int(d.h_id);
  const callId = str(d['call-id']);
  const state = int(d.state);
  const initTs = int(d.init_ts);
  if (hEntry === null || hId === null || !callId || state === null || initTs === null) return null;
  const callState = STATES[state];
  if (!callState) return null;
  const vars = variables(d.variables);
  const startTs = int(d.start_ts);
  const srcIp = vars.get('src_ip');
  const srcPort = vars.get('src_port');
  const id = `${hEntry}:${hId}`;
  const call: Call = {
    id,
    callId: vars.get('cid') || callId,
    caller: (vars.get('caller') ?? uriUser(str(d.from_uri) ?? '')).slice(0, 256),
    callee: (vars.get('callee') ?? uriUser(str(d.to_uri) ?? '')).slice(0, 256),
    mappingGateway: nonEmpty(vars.get('mgw_name')),
    routingGateway: nonEmpty(vars.get('rgw_name')),
    routingAddress: nonEmpty(vars.get('rgw_addr')),
    source: srcIp ? (srcPort ? `${srcIp}:${srcPort}` : srcIp) : null,
    state: callState,
    codec: codecName(vars.get('codec')),
    startedAt: initTs * 1000,
    answeredAt: (state === 3 || state === 4 || state === 5) && startTs ? startTs * 1000 : null,
  };
  return { call, keys: { id, callId, callerTag: str(obj(d.caller).tag) ?? '', calleeTag: str(obj(d.callee).tag) ?? '' } };
}

/** True when two parses of a dialog describe the same call (a change is worth an item). */
export function sameCall(a: Call, b: Call): boolean {
  return (
    a.state === b.state && a.answeredAt === b.answeredAt && a.routingGateway === b.routingGateway &&
    a.routingAddress === b.routingAddress && a.codec === b.codec && a.mappingGateway === b.mappingGateway &&
    a.caller === b.caller && a.callee === b.callee
  );
}
