/** The series a chart shows, as CSV: one row per time, one column per series with its unit. */
import { fileNamePart, safeFileName } from '../gateways/csv/fileNames';
import type { Row } from './downsample';

export interface CsvColumn {
  key: string;
  header: string;
}

function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * UTC times in ISO form, so a file opened elsewhere (another zone, a script) means the same instant.
 * CRLF line ends and a UTF-8 byte order mark, so Excel shows translated series names correctly.
 */
export function buildSeriesCsv(rows: readonly Row[], columns: readonly CsvColumn[]): string {
  const lines = [['time (UTC)', ...columns.map((c) => c.header)].map(cell).join(',')];
  for (const r of rows) {
    const values = columns.map((c) => {
      const v = r[c.key];
      return v === null || v === undefined ? '' : String(v);
    });
    lines.push([new Date(r.t).toISOString(), ...values].join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** "sandbox-active-calls-2026-12-05T03-50-00Z.csv": safe on every file system. */
export function exportFileName(server: string, chart: string, now: Date, ext: 'csv' | 'png' | 'json' | 'pcap'): string {
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  const stem = [fileNamePart(server), fileNamePart(chart)].filter(Boolean).join('-');
  return safeFileName(stem, `-${stamp}Z.${ext}`, 'monitor');
}
