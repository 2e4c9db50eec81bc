import type { TraceItem } from '@shared/rpc/traceApi';

const CALLER = { ip: '127.0.0.2', port: 5070 };
const PROXY = { ip: '127.0.0.1', port: 5060 };
const GATEWAY = { ip: '127.0.0.4', port: 5080 };

/** A trace item with plausible defaults; `raw` is built from the start line when not given. */
export function traceItem(p: Partial<TraceItem> & { n: number }): TraceItem {
  const start = p.method ? `${p.method} sip:${p.callee ?? '100'}@127.0.0.1 SIP/2.0` : `SIP/2.0 ${p.status ?? 200} ${p.reason ?? 'OK'}`;
  return {
    t: 1_764_900_000_000 + p.n * 10,
    src: CALLER,
    dst: PROXY,
    proto: 'udp',
    dialog: 'd1',
    transaction: 't1',
    callId: 'call-1@test',
    raw: `${start}\r\nCall-ID: ${p.callId ?? 'call-1@test'}\r\nCSeq: ${p.cseq ?? '1 INVITE'}\r\nContent-Length: 0\r\n\r\n`,
    ...p,
  };
}

/** A call through the proxy to a gateway as Kamailio mirrors it: caller → proxy → gateway and back. */
export function callItems(dialog = 'd1', callId = 'call-1@test', first = 0): TraceItem[] {
  const legs: [typeof CALLER, typeof CALLER, Partial<TraceItem>][] = [
    [CALLER, PROXY, { method: 'INVITE', cseq: '1 INVITE', caller: '1001', callee: '3005550100' }],
    [PROXY, CALLER, { status: 100, reason: 'trying -- your call is important to us', cseq: '1 INVITE' }],
    [PROXY, GATEWAY, { method: 'INVITE', cseq: '1 INVITE', caller: '1001', callee: '3005550100' }],
    [GATEWAY, PROXY, { status: 180, reason: 'Ringing', cseq: '1 INVITE' }],
    [PROXY, CALLER, { status: 180, reason: 'Ringing', cseq: '1 INVITE' }],
    [GATEWAY, PROXY, { status: 200, reason: 'OK', cseq: '1 INVITE' }],
    [PROXY, CALLER, { status: 200, reason: 'OK', cseq: '1 INVITE' }],
    [CALLER, PROXY, { method: 'ACK', cseq: '1 ACK' }],
    [PROXY, GATEWAY, { method: 'ACK', cseq: '1 ACK' }],
    [CALLER, PROXY, { method: 'BYE', cseq: '2 BYE' }],
    [PROXY, GATEWAY, { method: 'BYE', cseq: '2 BYE' }],
    [GATEWAY, PROXY, { status: 200, reason: 'OK', cseq: '2 BYE' }],
    [PROXY, CALLER, { status: 200, reason: 'OK', cseq: '2 BYE' }],
  ];
  return legs.map(([src, dst, p], i) => traceItem({ n: first + i, t: 1_764_900_000_000 + (first + i) * 25, src, dst, dialog, callId, ...p }));
}

export function optionsPing(n: number, dialog: string): TraceItem[] {
  return [
    traceItem({ n, dialog, callId: `ping-${n}`, method: 'OPTIONS', cseq: '1 OPTIONS', src: PROXY, dst: GATEWAY }),
    traceItem({ n: n + 1, dialog, callId: `ping-${n}`, status: 200, reason: 'OK', cseq: '1 OPTIONS', src: GATEWAY, dst: PROXY }),
  ];
}
