import { describe, expect, it } from 'vitest';
import { RoutingGatewaySchema } from '@shared/model/routingGateway';
import { exportCsv } from './format';
import { importCsv } from './importCsv';
import { ROUTING_CSV } from './routingCsv';
import { decodeText } from './textEncoding';

const carrier = RoutingGatewaySchema.parse({ name: 'carrier-a', prefixes: ['0086'], addresses: [{ host: '203.0.113.9' }], notes: '华东 → Müller' });

/** Bytes as Excel's "Unicode Text" writes them: UTF-16LE with a byte order mark. */
function utf16le(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
}

describe('files from and for Excel', () => {
  it('reads Excel "Unicode Text": UTF-16LE with BOM, tab-separated, CRLF', () => {
    const bytes = utf16le('name\tprefixes\taddresses\tnotes\r\ncarrier-a\t0086\t203.0.113.9\t华东 → Müller\r\n');
    const text = decodeText(bytes);
    expect(text.startsWith('name\t')).toBe(true);
    const r = importCsv(ROUTING_CSV, text, [carrier]);
    expect(r.fileProblems).toEqual([]);
    expect(r.rows).toEqual([{ line: 2, name: 'carrier-a', status: 'unchanged', errors: [] }]);
  });

  it('reads UTF-16BE with BOM, UTF-8 with and without BOM, and Windows-1252 from a plain "CSV"', () => {
    const be = Buffer.from('name;notes\r\nx;Café\r\n', 'utf16le').swap16();
    expect(decodeText(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), be])))).toBe('name;notes\r\nx;Café\r\n');
    expect(decodeText(new Uint8Array(Buffer.from('\uFEFFname;notes\r\nx;Café\r\n', 'utf8')))).toBe('name;notes\r\nx;Café\r\n');
    expect(decodeText(new Uint8Array(Buffer.from('name,notes\nx,Café\n', 'utf8')))).toBe('name,notes\nx,Café\n');
    // 0xE9 alone is not UTF-8: Excel wrote é in the ANSI code page. (Bytes 0x80–0x9F, € and
    // friends, are left out: Node 20's windows-1252 decoder maps them as Latin-1, Chromium's does not.)
    expect(decodeText(new Uint8Array(Buffer.from('name;notes\r\nx;Caf\xe9\r\n', 'latin1')))).toBe('name;notes\r\nx;Café\r\n');
  });

  it('writes what Excel opens as UTF-8 (BOM, CRLF) and reads its own bytes back unchanged', () => {
    const bytes = new Uint8Array(Buffer.from(exportCsv(ROUTING_CSV, [carrier]), 'utf8'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = decodeText(bytes);
    expect(text.split('\r\n').length).toBe(3);
    expect(importCsv(ROUTING_CSV, text, [carrier]).rows).toEqual([{ line: 2, name: 'carrier-a', status: 'unchanged', errors: [] }]);
  });
});
