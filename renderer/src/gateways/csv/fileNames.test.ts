import { describe, expect, it } from 'vitest';
import { exportFileName } from '../../monitor/csv';
import { safeFileName } from './fileNames';
import { csvFileName } from './files';

const day = new Date(Date.UTC(2026, 11, 5, 3, 50, 7));
// eslint-disable-next-line no-control-regex -- control characters are exactly what Windows refuses
const WINDOWS_REFUSES = /[<>:"/\\|?*\u0000-\u001f]/;

describe('export file names every OS accepts', () => {
  it('replaces characters Windows refuses and keeps letters of any script', () => {
    expect(csvFileName('a<b>c:d"e/f\\g|h?i*j\tk', day)).toBe('a-b-c-d-e-f-g-h-i-j-k-2026-12-05.csv');
    expect(csvFileName('华东-1 routingGateways', day)).toBe('华东-1-routingGateways-2026-12-05.csv');
    expect(exportFileName('C:\\sw', 'Active calls', day, 'csv')).toBe('C-sw-Active-calls-2026-12-05T03-50-07Z.csv');
  });

  it('never ends a stem in a dot or space and never starts with one (hidden on Unix)', () => {
    expect(csvFileName('..srv. ', day)).toBe('srv-2026-12-05.csv');
    expect(csvFileName('   ', day)).toBe('gateways-2026-12-05.csv');
  });

  it('moves Windows device names out of the way, also before an extension', () => {
    expect(safeFileName('CON', '.csv', 'x')).toBe('CON_.csv');
    expect(safeFileName('nul', '', 'x')).toBe('nul_');
    expect(safeFileName('com1.backup', '-2026.csv', 'x')).toBe('com1_.backup-2026.csv');
    expect(safeFileName('Lpt²', '.json', 'x')).toBe('Lpt²_.json');
    // Names that only start like a device are fine.
    expect(csvFileName('CON', day)).toBe('CON-2026-12-05.csv');
    expect(safeFileName('console', '.csv', 'x')).toBe('console.csv');
  });

  it('stays within 255 bytes of UTF-8 and never cuts a character in half', () => {
    const long = exportFileName('服'.repeat(300), '😀'.repeat(100), day, 'pcap');
    expect(Buffer.byteLength(long, 'utf8')).toBeLessThanOrEqual(200);
    expect(long.endsWith('-2026-12-05T03-50-07Z.pcap')).toBe(true);
    expect(long).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
    expect(long).not.toContain('\uFFFD');
    expect(Buffer.from(long, 'utf8').toString('utf8')).toBe(long);
  });

  it('whatever the input, the result is a single safe name', () => {
    for (const stem of ['../../etc/passwd', 'a/b', 'AUX', '\u0000', 'x'.repeat(1000), ' . ', 'ok']) {
      const name = csvFileName(stem, day);
      expect(name).not.toMatch(WINDOWS_REFUSES);
      expect(name).not.toMatch(/^[. ]|[. ]$/);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
    }
  });
});
