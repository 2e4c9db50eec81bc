import { describe, expect, it } from 'vitest';
import { EndpointSchema } from '@shared/model/endpoint';
import { exportCsv } from '../gateways/csv/format';
import { importCsv } from '../gateways/csv/importCsv';
import { groupByAor, MAX_PAGES, readEndpointRegistrations } from './endpointRegistrations';
import { ENDPOINT_CSV } from './endpointCsv';

const existing = [
  EndpointSchema.parse({ name: '1001', password: { set: true }, notes: 'desk, "front"' }),
  EndpointSchema.parse({ name: '1002', password: { set: true }, enabled: false, allowedRoutingGateways: ['carrier-a'] }),
  EndpointSchema.parse({ name: '1009', password: { set: true }, allowedCallerNumbers: ['555', '+4420'], maxConcurrentCalls: 2, cpsLimit: 5 }),
];

describe('endpoint CSV', () => {
  it('exports every endpoint without its password, and imports the export as unchanged', () => {
    const text = exportCsv(ENDPOINT_CSV, existing);
    expect(text.split('\r\n')[0]).toBe('\uFEFFname,enabled,password,allowedRoutingGateways,allowedCallerNumbers,capacity,cps,notes');
    expect(text).toContain('1002,no,,carrier-a,,,,');
    expect(text).toContain('1009,yes,,*,555 +4420,2,5,');
    const r = importCsv(ENDPOINT_CSV, text, existing);
    expect(r.rows.map((x) => [x.name, x.status])).toEqual([['1001', 'unchanged'], ['1002', 'unchanged'], ['1009', 'unchanged']]);
    expect(r.ops).toEqual([]);
  });

  it('reads caller numbers and limits; empty leaves them absent; a bad prefix or limit is named by column', () => {
    const text = 'account,password,allowedCallerNumbers,capacity,cps\n2001,pw,555 +4420,3,\n2002,pw,,,\n2003,pw,55a,,\n2004,pw,,0,\n';
    const r = importCsv(ENDPOINT_CSV, text, []);
    expect(r.rows.map((x) => [x.name, x.status, x.errors.map((e) => e.column)])).toEqual([
      ['2001', 'create', []],
      ['2002', 'create', []],
      ['2003', 'error', ['allowedCallerNumbers']],
      ['2004', 'error', ['capacity']],
    ]);
    const [first, second] = r.ops as { endpoint: Record<string, unknown> }[];
    expect(first?.endpoint).toMatchObject({ allowedCallerNumbers: ['555', '+4420'], maxConcurrentCalls: 3 });
    expect(second && ['allowedCallerNumbers', 'maxConcurrentCalls', 'cpsLimit'].filter((k) => second.endpoint[k] !== undefined)).toEqual([]);
  });

  it('checks every row and names each bad one by line and column; good rows still stage', () => {
    const text = 'account,enabled,password,notes\n1003,yes,pw-1003,new phone\n1004,maybe,pw,\n1005,,,no password\n1001,no,,\nbad name!,yes,x,\n';
    const r = importCsv(ENDPOINT_CSV, text, existing);
    expect(r.rows.map((x) => [x.line, x.name, x.status, x.errors.map((e) => `${e.column}: ${e.message}`)])).toEqual([
      [2, '1003', 'create', []],
      [3, '1004', 'error', ['enabled: must be yes or no']],
      [4, '1005', 'error', ['password: required: an endpoint registers with its account and password']],
      [5, '1001', 'update', []],
      [6, 'bad name!', 'error', [expect.stringMatching(/^name: /)]],
    ]);
    expect(r.ops).toEqual([
      { op: 'endpoint.upsert', endpoint: { name: '1003', enabled: true, password: { set: true, value: 'pw-1003' }, allowedRoutingGateways: 'all', notes: 'new phone' } },
      // An empty password cell keeps the stored one.
      { op: 'endpoint.upsert', endpoint: { ...existing[0], enabled: false, notes: '' } },
    ]);
  });
});

describe('registrations joined to endpoints', () => {
  const reg = (aor: string, i: number) => ({ aor, contact: `sip:${aor}@10.0.0.${i}`, source: `10.0.0.${i}:5060`, transport: 'udp' as const, natDetected: false, userAgent: null, expiresAt: 0, remainingSec: 60, registeredAt: 0, callId: `c${i}` });

  it('reads page after page until every contact is read, grouped by account', async () => {
    const all = [reg('1001', 1), reg('1001', 2), reg('1002', 3)];
    const offsets: number[] = [];
    const r = await readEndpointRegistrations(async (offset) => {
      offsets.push(offset);
      return { counts: { contacts: all.length }, registrations: all.slice(offset, offset + 2) };
    });
    expect(offsets).toEqual([0, 2]);
    expect([...r.byAor].map(([aor, l]) => [aor, l.length])).toEqual([['1001', 2], ['1002', 1]]);
    expect([r.read, r.total]).toEqual([3, 3]);
  });

  it('stops at the page limit and says how much it read', async () => {
    let calls = 0;
    const r = await readEndpointRegistrations(async (offset) => {
      calls++;
      return { counts: { contacts: 1_000_000 }, registrations: [reg(String(offset), 1)] };
    });
    expect(calls).toBe(MAX_PAGES);
    expect([r.read, r.total]).toEqual([MAX_PAGES, 1_000_000]);
    expect(groupByAor([]).byAor.size).toBe(0);
  });
});
