// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { CdrGatewayStats, CdrRecordWire } from '@shared/rpc/cdrApi';
import { HostProvider } from '../host/HostContext';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { ToastProvider } from '../util/toast';
import { CdrPage } from './CdrPage';
import { defaultCdrForm, localInput, toCdrQuery } from './cdrForm';
import { setupPageTests } from '../../../test/doubles/renderer/pageTests';

setupPageTests({ height: 560 });

const T = Date.UTC(2026, 11, 5, 6, 0, 0);
const rec = (id: number, o: Partial<CdrRecordWire> = {}): CdrRecordWire => ({
  id, startedAt: T - id * 1000, endedAt: T - id * 1000 + 30_000, durationSec: 30, callId: `c${id}`, caller: '5550100', callee: '1555',
  mappingGateway: 'in-1', routingGateway: 'out-1', routingAddress: '127.0.0.4:5060', source: '127.0.0.2:5060', sipCode: 200, result: 'answered', reason: null, endedBy: null, answeredAt: null, ringingAt: null, pddMs: null, attempts: [], ...o,
});

describe('call record search form', () => {
  it('turns typed text into a query and names the wrong field', () => {
    const f = { ...defaultCdrForm(new Date(T)), callee: ' 1555 ', result: 'refused' as const, sipCode: '403' };
    const q = toCdrQuery(f);
    expect(q.problem).toBeNull();
    expect(q.query).toMatchObject({ callee: '1555', result: 'refused', sipCode: 403 });
    expect(q.query!.to - q.query!.from).toBe(24 * 3600_000 + 60_000);
    expect(toCdrQuery({ ...f, sipCode: '40' }).problem).toBe('sipCode');
    expect(toCdrQuery({ ...f, to: f.from }).problem).toBe('to');
    expect(toCdrQuery({ ...f, from: 'yesterday' }).problem).toBe('from');
    expect(toCdrQuery({ ...f, minSec: '-3' }).problem).toBe('minSec');
  });
});

describe('CdrPage', () => {
  it('searches, shows records with their result in words, and loads the next page with the cursor', async () => {
    const host = new FakeHost({
      agent: {
        'cdr.search': (p) => {
          const cursor = (p as { cursor?: string }).cursor;
          return cursor ? { records: [rec(3, { result: 'refused', sipCode: 403, reason: 'unknown source', routingGateway: null })], nextCursor: null } : { records: [rec(1, { endedBy: 'callee' }), rec(2, { result: 'failed', sipCode: 503 })], nextCursor: 'next-1' };
        },
      },
    });
    render(<HostProvider client={host}><ToastProvider><CdrPage serverId="srv-1" serverName="edge-1" /></ToastProvider></HostProvider>);
    // Before the first search the empty table says what to do rather than "0 records".
    expect(screen.getByText('Set the time range and any filters, then press Search to list the call records.')).toBeTruthy();
    expect(screen.queryByText('0 records')).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: 'Callee' }), { target: { value: '1555' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Ended by' }), { target: { value: 'callee' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getByText('2 records shown, more match')).toBeTruthy());
    expect(host.agentCalls('cdr.search')[0]).toMatchObject({ callee: '1555', endedBy: 'callee', limit: 500 });
    expect(document.querySelector('tr[data-row="1"]')?.textContent).toContain('Called party');
    expect(document.querySelector('tr[data-row="2"]')?.textContent).toContain('Failed with 503 service unavailable before any gateway was tried.');
    expect(document.querySelector('tr[data-row="2"]')?.textContent).toContain('Failed');
    fireEvent.click(screen.getByRole('button', { name: 'Load 500 more' }));
    await waitFor(() => expect(screen.getByText('3 records')).toBeTruthy());
    expect(host.agentCalls('cdr.search')[1]).toMatchObject({ callee: '1555', cursor: 'next-1' });
    expect(screen.getByText('Refused by the switch: unknown source.')).toBeTruthy();
    fireEvent.doubleClick(document.querySelector('tr[data-row="3"]')!);
    expect(await screen.findByRole('dialog', { name: 'Call record: 5550100 to 1555' })).toBeTruthy();
  });

  it('does not search with a wrong SIP code and says why', () => {
    const host = new FakeHost({});
    render(<HostProvider client={host}><ToastProvider><CdrPage serverId="srv-1" serverName="edge-1" /></ToastProvider></HostProvider>);
    fireEvent.change(screen.getByRole('textbox', { name: 'SIP code' }), { target: { value: '99' } });
    expect(screen.getByText('The SIP code must be three digits, 100 to 699.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Search' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('call records CSV', () => {
  it('writes a header once and rows per page, protecting cells a spreadsheet would run', async () => {
    const { cdrCsvHeader, cdrCsvRows } = await import('./cdrCsv');
    expect(cdrCsvHeader()).toBe('\uFEFFstart (UTC),first ring (UTC),answer (UTC),end (UTC),talk time (s),post-dial delay (ms),caller,callee,mapping gateway,routing gateway,routing address,from address,result,SIP code,ended by,outcome,Call-ID\r\n');
    const text = cdrCsvRows([rec(1, { caller: '+4930', startedAt: T - 1000 + 7, answeredAt: T + 1500, ringingAt: T + 300, pddMs: 1293, endedBy: 'callee', attempts: [{ gateway: 'out-0', address: 'a:1', code: 503, startMs: 0, endMs: 1 }, { gateway: 'out-1', address: 'b:1', code: 200, startMs: 1, endMs: 2 }] })]);
    expect(text).toBe(`2026-12-05T05:59:59.007Z,2026-12-05T06:00:00.300Z,2026-12-05T06:00:01.500Z,2026-12-05T06:00:29.000Z,30,1293,'+4930,1555,in-1,out-1,127.0.0.4:5060,127.0.0.2:5060,answered,200,callee,Answered by out-1 after out-0 (503 service unavailable); the called party hung up.,c1\r\n`);
    expect(cdrCsvRows([])).toBe('');
  });
});

describe('CdrPage export', () => {
  it('pages through the whole search with the cursor and saves one CSV', async () => {
    const blobs: Blob[] = [];
    const create = vi.fn((b: Blob) => { blobs.push(b); return 'blob:x'; });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: () => undefined });
    const host = new FakeHost({
      agent: {
        'cdr.search': (p) => ((p as { cursor?: string }).cursor ? { records: [rec(3)], nextCursor: null } : { records: [rec(1), rec(2)], nextCursor: 'n1' }),
      },
    });
    render(<HostProvider client={host}><ToastProvider><CdrPage serverId="srv-1" serverName="edge-1" /></ToastProvider></HostProvider>);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const lines = (await blobs[0]!.text()).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l.split(',').at(-1))).toEqual(['c1', 'c2', 'c3']);
    expect(host.agentCalls('cdr.search').map((p) => [(p as { limit: number }).limit, (p as { cursor?: string }).cursor])).toEqual([[1000, undefined], [1000, 'n1']]);
  });
});

const gw = (o: Partial<CdrGatewayStats>): CdrGatewayStats => ({ gateway: 'in-1', attempts: 6, answered: 2, failed: 2, refused: 2, asr: 2 / 6, acdSec: 20.4, answerDelayMs: 2040, pddMs: 312, failureCodes: [{ code: 503, count: 2 }, { code: 404, count: 1 }], ...o });

describe('CdrPage statistics', () => {
  it('shows per-gateway figures over the page\'s range in a table and a chart', async () => {
    const host = new FakeHost({
      agent: {
        'cdr.stats': () => ({ gateways: [gw({}), gw({ gateway: null, attempts: 1, answered: 0, failed: 0, refused: 1, asr: 0, acdSec: null, answerDelayMs: null, pddMs: null, failureCodes: [{ code: 403, count: 1 }] })] }),
      },
    });
    render(<HostProvider client={host}><ToastProvider><CdrPage serverId="srv-1" serverName="edge-1" /></ToastProvider></HostProvider>);
    fireEvent.click(screen.getByText('Statistics'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Group by' }), { target: { value: 'mapping' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Gateway' }), { target: { value: ' in-1 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show statistics' }));
    const table = await screen.findByRole('table', { name: 'Call statistics of edge-1' });
    const [call] = host.agentCalls('cdr.stats') as { from: number; to: number; side: string; gateway: string }[];
    expect(call).toMatchObject({ side: 'mapping', gateway: 'in-1' });
    expect(call!.to - call!.from).toBe(24 * 3600_000 + 60_000);
    const rows = Array.from(table.querySelectorAll('tbody tr'), (r) => Array.from(r.querySelectorAll('td'), (c) => c.textContent));
    expect(rows).toEqual([
      ['in-1', '6', '2', '2', '2', '33.3 %', '0:20', '2.04 s', '312 ms', '503 ×2, 404 ×1'],
      ['(no gateway)', '1', '0', '0', '1', '0.0 %', '—', '—', '—', '403 ×1'],
    ]);
    const chart = screen.getByRole('figure', { name: 'Attempts and answered calls per gateway' });
    expect(chart.querySelectorAll('.recharts-bar').length).toBe(2);
    expect(chart.textContent).toContain('(no gateway)');
    expect(screen.getByText(/PDD \(post-dial delay\) is the average time from the INVITE to the first ringing/)).toBeTruthy();
  });

  it('keeps the range when switching views and refuses more than 31 days before asking', () => {
    const host = new FakeHost({});
    render(<HostProvider client={host}><ToastProvider><CdrPage serverId="srv-1" serverName="edge-1" /></ToastProvider></HostProvider>);
    const from = localInput(new Date(Date.now() - 40 * 86_400_000));
    fireEvent.change(screen.getByLabelText('From', { selector: 'input' }), { target: { value: from } });
    fireEvent.click(screen.getByText('Statistics'));
    expect((screen.getByLabelText('From', { selector: 'input' }) as HTMLInputElement).value).toBe(from);
    expect(screen.getByText('Statistics cover at most 31 days. Choose a shorter range.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Show statistics' }) as HTMLButtonElement).disabled).toBe(true);
    expect(host.agentCalls('cdr.stats')).toEqual([]);
  });
});
