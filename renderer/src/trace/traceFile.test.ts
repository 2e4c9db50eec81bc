import { describe, expect, it } from 'vitest';
import type { TraceSession } from '@shared/rpc/traceApi';
import { callItems } from '../../../test/doubles/renderer/traceItems';
import { buildTraceFile, itemsPcap, joinPcapPages, parseTraceFile, traceFileName } from './traceFile';

const session: TraceSession = { sessionId: 'tr-3', filter: { callId: 'call-1@test' }, state: 'stopped', stopReason: 'duration', startedAt: 1, endsAt: 601, maxMessages: 10_000, matched: 13, firstHeld: 0, mine: true };

describe('saved trace files', () => {
  it('reads back what it saved', () => {
    const text = buildTraceFile('edge-1', session, callItems(), new Date(5));
    const r = parseTraceFile(text);
    expect(r.ok && r.file).toEqual({ format: 'switchdeck-trace', version: 1, server: 'edge-1', savedAt: 5, session, items: callItems() });
  });

  it('refuses a bad file with one plain sentence', () => {
    const good = JSON.parse(buildTraceFile('edge-1', session, callItems(), new Date(5))) as { items: { src: { port: unknown }; n: number }[] };
    const errorOf = (text: string) => {
      const r = parseTraceFile(text);
      return r.ok ? 'accepted' : r.error;
    };
    expect(errorOf('\u00d4\u00c3\u00b2\u00a1binary')).toMatch(/^This file is not a saved trace: its content is not JSON\./);
    expect(errorOf('{"hello":1}')).toMatch(/^This file is not a saved Switchdeck trace\./);
    expect(errorOf(JSON.stringify({ ...good, version: 2 }))).toMatch(/saved by a newer Switchdeck/);
    good.items[3]!.src.port = 'x';
    expect(errorOf(JSON.stringify(good))).toBe('This trace file is damaged and was not opened: items[3].src.port must be number, not string.');
    good.items[3]!.src.port = 5060;
    good.items[4]!.n = 1;
    expect(errorOf(JSON.stringify(good))).toBe('This trace file is damaged and was not opened: its messages are not in order.');
  });

  it('names files safely and joins pcap pages into one file', () => {
    expect(traceFileName('edge 1/α', 'tr-3', new Date(Date.UTC(2026, 11, 5, 6, 10)), 'pcap')).toBe('edge-1-α-trace-tr-3-2026-12-05T06-10-00Z.pcap');
    expect([...joinPcapPages([btoa('\x01\x02'), btoa('\x03'), ''])]).toEqual([1, 2, 3]);
  });

  it('builds a pcap of a reopened trace from its messages: one record each, capture times kept, payload as sent', () => {
    const items = callItems();
    const { bytes, written, skipped } = itemsPcap([...items, { ...items[0]!, n: items.length, proto: 'sctp' }]);
    expect([written, skipped]).toEqual([items.length, 1]);
    const v = new DataView(bytes.buffer, bytes.byteOffset);
    expect(v.getUint32(20, true)).toBe(101);
    // First record: time, then IPv4 + UDP whose payload is the raw message.
    expect([v.getUint32(24, true), v.getUint32(28, true)]).toEqual([Math.floor(items[0]!.t / 1000), (items[0]!.t % 1000) * 1000]);
    const len = v.getUint32(32, true);
    expect(new TextDecoder().decode(bytes.subarray(24 + 16 + 28, 24 + 16 + len))).toBe(items[0]!.raw);
  });
});
