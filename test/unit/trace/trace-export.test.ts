import { describe, expect, it } from 'vitest';
import { traceMessage } from '../../support/traceMessages';
import { pcapFile } from '../../../switch-agent/src/trace/pcapWriter';
import { SessionStore } from '../../../switch-agent/src/trace/sessionStore';
import { exportPage, type ExportPage } from '../../../switch-agent/src/trace/traceExport';

function filled(n: number, byteCap = 1 << 20, ipProto?: (i: number) => number): SessionStore {
  const store = new SessionStore(byteCap);
  for (let i = 0; i < n; i++) store.append(traceMessage({ method: 'OPTIONS', callId: `e${i}`, body: 'é'.repeat(i) }, { t: 1_700_000_000_000 + i, ipProto: ipProto?.(i) }));
  return store;
}

function allPages(store: SessionStore, format: 'pcap' | 'text', pageBytes: number): ExportPage[] {
  const pages = [exportPage(store, format, undefined, pageBytes)];
  while (pages.at(-1)!.nextFrom !== null) pages.push(exportPage(store, format, pages.at(-1)!.nextFrom!, pageBytes));
  return pages;
}

describe('trace export', () => {
  it('pages a pcap under the page size; joined pages are the one-file pcap of every held message', () => {
    const store = filled(30);
    const pages = allPages(store, 'pcap', 4000);
    expect(pages.length).toBeGreaterThan(2);
    for (const p of pages) expect(p.data.length).toBeLessThanOrEqual(4000);
    expect(pages.reduce((n, p) => n + p.count, 0)).toBe(30);
    const joined = Buffer.concat(pages.map((p) => Buffer.from(p.data, 'base64')));
    const whole = pcapFile(store.range(0, 30).map((h) => h.message));
    expect(whole.written).toBe(30);
    expect(joined.equals(Buffer.from(whole.bytes))).toBe(true);
  });

  it('keeps TCP sequence numbers running across pages: joined pages equal the one-file pcap', () => {
    const store = filled(30, 1 << 20, (i) => (i % 3 === 0 ? 17 : 6));
    const pages = allPages(store, 'pcap', 4000);
    expect(pages.length).toBeGreaterThan(2);
    const joined = Buffer.concat(pages.map((p) => Buffer.from(p.data, 'base64')));
    const whole = pcapFile(store.range(0, 30).map((h) => h.message));
    expect([whole.written, whole.skipped]).toEqual([30, 0]);
    expect(joined.equals(Buffer.from(whole.bytes))).toBe(true);
  });

  it('pages text under the page size counted as JSON-escaped UTF-8, every message once, in order', () => {
    const store = filled(30);
    const pages = allPages(store, 'text', 5000);
    for (const p of pages) expect(Buffer.byteLength(JSON.stringify(p.data)) - 2).toBeLessThanOrEqual(5000);
    const text = pages.map((p) => p.data).join('');
    const headings = text.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toHaveLength(30);
    expect(headings[3]).toBe('#3 2023-11-14T22:13:20.003Z 127.0.0.2:5070 -> 127.0.0.1:5060 UDP dialog d4 transaction t4');
    expect(text).toContain('Call-ID: e29\r\n');
  });

  it('starts at the oldest held message when the asked one was let go, and an empty session is a header only', () => {
    const store = filled(20, 3000);
    const p = exportPage(store, 'text', 0);
    expect(p.from).toBe(store.firstHeld);
    expect(p.count).toBe(20 - store.firstHeld);
    const empty = exportPage(new SessionStore(100), 'pcap', undefined);
    expect([Buffer.from(empty.data, 'base64').length, empty.count, empty.nextFrom]).toEqual([24, 0, null]);
  });
});
