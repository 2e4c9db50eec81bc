import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { append, cdrDb, cdrLine, tempDir } from '../../../test/doubles/agent/cdrFiles';
import { CdrIngester } from './ingester';
import { parseRefusedLine } from './parseRefused';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const refused = (callId: string) => `INVITE|t1||${callId}|403|source not allowed|1800000000|10.9.9.9|5060|100|200||source not allowed\n`;

describe('call records and refused calls ingested side by side', () => {
  it('reads each table once: one ingester never forgets the positions of the other', () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = cdrDb();
    const cdrs = new CdrIngester({ dir, db, rotate: async () => {} });
    const refusals = new CdrIngester({ dir, db, table: 'acc_refused', parse: parseRefusedLine, rotate: async () => {} });
    append(join(dir, 'acc_cdrs_1.log'), cdrLine('answered-1'));
    append(join(dir, 'acc_refused_1.log'), refused('refused-1'));
    refusals.ingestNow();
    cdrs.ingestNow();
    append(join(dir, 'acc_refused_1.log'), refused('refused-2'));
    refusals.ingestNow();
    cdrs.ingestNow();
    const rows = db.prepare('SELECT call_id, refused_reason FROM cdrs ORDER BY id').all();
    expect(rows).toEqual([
      { call_id: 'refused-1', refused_reason: 'source not allowed' },
      { call_id: 'answered-1', refused_reason: null },
      { call_id: 'refused-2', refused_reason: 'source not allowed' },
    ]);
  });
});
