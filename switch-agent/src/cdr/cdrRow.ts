// The one mapping from a `cdrs` row to the cdr.search wire record (PROTOCOL.md §6.6).
import type { CallEndCause, CdrAttemptWire, CdrRecordWire, CdrResult } from '@shared/rpc/cdrApi';

export interface CdrDbRow {
  id: number;
  start_time: number;
  end_time: number;
  duration: number;
  call_id: string;
  src_ip: string | null;
  src_port: number | null;
  mapping_gateway: string | null;
  routing_gateway: string | null;
  routing_address: string | null;
  caller: string | null;
  callee: string | null;
  sip_code: number | null;
  refused_reason: string | null;
  ended_by: string | null;
  start_ms: number | null;
  answer_ms: number | null;
  end_ms: number | null;
  ring_ms: number | null;
  pdd_ms: number | null;
  attempts: string | null;
}

export const CDR_COLUMNS = 'id, start_time, end_time, duration, call_id, src_ip, src_port, mapping_gateway, routing_gateway, routing_address, caller, callee, sip_code, refused_reason, ended_by, start_ms, answer_ms, end_ms, ring_ms, pdd_ms, attempts';

export function cdrResult(r: Pick<CdrDbRow, 'sip_code' | 'refused_reason'>): CdrResult {
  if (r.refused_reason !== null) return 'refused';
  return r.sip_code !== null && r.sip_code >= 200 && r.sip_code < 300 ? 'answered' : 'failed';
}

export function toWire(r: CdrDbRow): CdrRecordWire {
  return {
    id: r.id,
    // Rows ingested before cdr-006 have whole seconds only.
    startedAt: r.start_ms ?? r.start_time * 1000,
    answeredAt: r.answer_ms,
    ringingAt: r.ring_ms,
    pddMs: r.pdd_ms,
    endedAt: r.end_ms ?? r.end_time * 1000,
    durationSec: r.duration,
    callId: r.call_id,
    caller: r.caller,
    callee: r.callee,
    mappingGateway: r.mapping_gateway,
    routingGateway: r.routing_gateway,
    routingAddress: r.routing_address,
    source: r.src_ip === null ? null : r.src_port === null ? r.src_ip : `${r.src_ip}:${r.src_port}`,
    sipCode: r.sip_code,
    result: cdrResult(r),
    reason: r.refused_reason,
    endedBy: r.ended_by as CallEndCause | null,
    attempts: r.attempts ? (JSON.parse(r.attempts) as CdrAttemptWire[]) : [],
  };
}
