import { describe, expect, it } from 'vitest';
import { buildSeriesCsv, exportFileName } from './csv';

describe('buildSeriesCsv', () => {
  it('writes a byte order mark and CRLF for Excel, UTC times, one column per series, empty cells for missing values, quoted headers', () => {
    const csv = buildSeriesCsv(
      [{ t: Date.UTC(2026, 11, 5, 3, 50, 0), a: 1.5, b: null }, { t: Date.UTC(2026, 11, 5, 3, 50, 1), a: 2, b: 7 }],
      [{ key: 'a', header: 'engine.calls.active (count)' }, { key: 'b', header: 'gw "x", routing' }],
    );
    expect(csv).toBe(
      '\uFEFFtime (UTC),engine.calls.active (count),"gw ""x"", routing"\r\n' +
      '2026-12-05T03:50:00.000Z,1.5,\r\n' +
      '2026-12-05T03:50:01.000Z,2,7\r\n',
    );
  });

  it('names files after server, chart and time without characters file systems refuse', () => {
    expect(exportFileName('My switch/1', 'Active calls', new Date(Date.UTC(2026, 11, 5, 3, 50, 7)), 'png')).toBe('My-switch-1-Active-calls-2026-12-05T03-50-07Z.png');
  });
});
