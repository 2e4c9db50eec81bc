import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import i18next from '../../i18n';
import { ENDPOINT_CSV } from '../../endpoints/endpointCsv';
import { MAX_CSV_ROWS, importCsv, type CsvImport } from './importCsv';
import { MAPPING_CSV } from './mappingCsv';
import { ROUTING_CSV } from './routingCsv';

/** Latin words left in a message once quoted cell text, column names and the few codes a user types are taken out. */
function english(r: CsvImport, columns: readonly string[]): string[] {
  const all = [...r.fileProblems.map((p) => p.message), ...r.rows.flatMap((row) => row.errors.map((e) => e.message))];
  return all.flatMap((m) => {
    let rest = m.replace(/（[^）]*）|\([^)]*\)|"[^"]*"|“[^”]*”/g, ' ');
    for (const c of [...columns].sort((a, b) => b.length - a.length)) rest = rest.split(c).join(' ');
    rest = rest.replace(/carrier-[a-z]/g, ' ');
    return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !['CSV', 'UTF', 'yes', 'no', 'keep', 'strip', 'prepend', 'replace', 'IPv4', 'IPv6', 'ASCII', 'name'].includes(w)).map((w) => `${w} in "${m}"`);
  });
}

describe('CSV import report in Chinese', () => {
  beforeAll(async () => {
    await i18next.changeLanguage('zh-CN');
  });
  afterAll(async () => {
    await i18next.changeLanguage('en');
  });

  it('says what is wrong with the file as a whole', () => {
    expect(importCsv(ROUTING_CSV, '  \r\n', []).fileProblems).toEqual([{ column: '', message: '文件是空的。第一行应是列名，之后每个网关一行。' }]);
    const utf16 = 'name,prefixes\ngw1,0086\n'.split('').join('\u0000');
    expect(importCsv(ROUTING_CSV, utf16, []).fileProblems[0]?.message).toMatch(/^这个文件不是保存为 CSV 的文本/);
    const big = ['name,prefixes,addresses', ...Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => `gw${i},0086,192.0.2.1`)].join('\n');
    const tooMany = importCsv(ROUTING_CSV, big, []);
    expect(tooMany.rows).toEqual([]);
    expect(tooMany.fileProblems[0]?.message).toBe(`文件有 ${MAX_CSV_ROWS + 1} 行；一次最多只能导入 ${MAX_CSV_ROWS} 行。请拆分成较小的文件。`);
    const header = importCsv(ROUTING_CSV, 'prefixes,colour,prefixes\n0086,red,001\n', []);
    expect(header.fileProblems).toEqual([
      { column: 'name', message: '标题行中没有 name 列' },
      { column: 'colour', message: '无法识别的列；其中的单元格被忽略' },
      { column: 'prefixes', message: '与列 prefixes 重复；只使用第一列' },
    ]);
  });

  it('names every invalid row and every bad entry of a cell, in Chinese', () => {
    const csv = [
      'name,prefixes,capacity,stopCodes,addresses,callerDialPlan',
      '-bad,0x1,lots,486 5o3 x,192.0.2.1:port 192.0.2.2/sctp,',
      'carrier-z,0086,12.5,,192.0.2.3,',
      'carrier-y,0086,,,192.0.2.4,extra',
      'carrier-x,0086,,,,',
      'carrier-z,0086,,,192.0.2.5,,surplus',
      'carrier-w,"0086,,,192.0.2.6,',
    ].join('\n');
    const r = importCsv(ROUTING_CSV, csv, []);
    expect(r.rows.map((row) => [row.line, row.status])).toEqual([[2, 'error'], [3, 'error'], [4, 'error'], [5, 'error'], [6, 'error'], [7, 'error']]);
    const first = r.rows[0]?.errors ?? [];
    expect(first.find((e) => e.column === 'capacity')?.message).toBe('必须是整数');
    expect(first.find((e) => e.column === 'stopCodes')?.message).toBe('第 2 项（5o3）：必须是整数; 第 3 项（x）：必须是整数');
    expect(first.find((e) => e.column === 'addresses')?.message).toBe('第 1 项（192.0.2.1:port）：端口必须是数字');
    expect(r.rows[2]?.errors.find((e) => e.column === 'callerDialPlan')?.message).toMatch(/^第 1 条规则（extra）：格式必须是/);
    expect(r.rows[3]?.errors).toEqual([{ column: 'addresses', message: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    expect(r.rows[4]?.errors).toContainEqual({ column: '', message: '最后一列之后还有 1 个单元格' });
    expect(r.rows[4]?.errors).toContainEqual({ column: 'name', message: 'carrier-z 也出现在第 3 行' });
    expect(r.rows[5]?.errors[0]?.message).toBe('带引号的单元格没有结束：缺少结尾的引号（"）');
    expect(english(r, ROUTING_CSV.columns.map((c) => c.header))).toEqual([]);
  });

  it('says what a mapping gateway or an endpoint row lacks in Chinese', () => {
    const mapping = importCsv(MAPPING_CSV, 'name,ips,callerDialPlan\ngw1,10.0.0.1:x 10.0.0.2:y,0086>keep; bad\n', []);
    expect(english(mapping, MAPPING_CSV.columns.map((c) => c.header))).toEqual([]);
    expect(mapping.rows[0]?.errors.find((e) => e.column === 'ips')?.message).toBe('第 1 项（10.0.0.1:x）：端口必须是数字; 第 2 项（10.0.0.2:y）：端口必须是数字');
    const endpoints = importCsv(ENDPOINT_CSV, 'name,enabled,capacity\n1001,maybe,many\n1002,yes,\n', []);
    expect(endpoints.rows.map((row) => row.status)).toEqual(['error', 'error']);
    expect(english(endpoints, ENDPOINT_CSV.columns.map((c) => c.header))).toEqual([]);
  });
});
