import fc from 'fast-check';
import { existsSync, readdirSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CdrIngester } from './ingester';
import type { CdrIngesterOptions } from './ingester';
import { append, callIds, cdrDb, cdrLine, FakeFlatstoreWriter, tempDir } from '../../../test/doubles/agent/cdrFiles';

const dirs: string[] = [];
function setup(opts: Partial<CdrIngesterOptions> = {}) {
  const dir = tempDir();
  dirs.push(dir);
  const db = cdrDb();
  const shared = { rotateStamp: 1 };
  let rotateCalls = 0;
  const rotate = async () => {
    rotateCalls++;
    shared.rotateStamp++;
  };
  const make = (o: Partial<CdrIngesterOptions> = {}) => new CdrIngester({ dir, db, rotate, ...opts, ...o });
  return { dir, db, shared, make, ing: make(), rotateCalls: () => rotateCalls, file: (rank = 129) => join(dir, `acc_cdrs_${rank}.log`) };
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('CdrIngester.ingestNow', () => {
  it('ingests complete lines and leaves a trailing partial line for later', () => {
    const t = setup();
    const full = cdrLine('c2');
    append(t.file(), cdrLine('c1') + full.slice(0, 20));
    expect(t.ing.ingestNow()).toMatchObject({ inserted: 1, rejected: 0 });
    expect(t.ing.ingestNow()).toMatchObject({ inserted: 0 });
    append(t.file(), full.slice(20));
    expect(t.ing.ingestNow()).toMatchObject({ inserted: 1 });
    expect(callIds(t.db)).toEqual(['c1', 'c2']);
  });

  it('ignores other files in the folder', () => {
    const t = setup();
    writeFileSync(join(t.dir, 'acc_5.log'), cdrLine('x'));
    writeFileSync(join(t.dir, 'acc_cdrs_1.log.tmp'), cdrLine('x'));
    expect(t.ing.ingestNow().inserted).toBe(0);
  });

  it('counts and keeps malformed lines with their reason, and ingests the rest', () => {
    const t = setup();
    append(t.file(), `${cdrLine('ok1')}garbage\n${cdrLine('')}\n${cdrLine('ok2')}`);
    expect(t.ing.ingestNow()).toMatchObject({ inserted: 2, rejected: 3 });
    const rejects = t.db.prepare('SELECT offset, reason, line FROM cdr_rejects ORDER BY id').all() as { offset: number; reason: string; line: string }[];
    expect(rejects.map((r) => r.reason)).toEqual([expect.stringContaining('expected 19 fields'), 'callid: empty', 'empty line']);
    expect(rejects[0]).toMatchObject({ offset: cdrLine('ok1').length, line: 'garbage' });
    expect(t.ing.stats()).toMatchObject({ inserted: 2, rejected: 3 });
  });

  it('reads files larger than one chunk, and rejects a line longer than a chunk', () => {
    const t = setup({ chunkBytes: 300 });
    const lines = Array.from({ length: 20 }, (_, i) => cdrLine(`big-${i}`)).join('');
    append(t.file(), lines + 'x'.repeat(700) + '\n' + cdrLine('after'));
    const r = t.ing.ingestNow();
    expect(r.inserted).toBe(21);
    expect(r.rejected).toBeGreaterThanOrEqual(2);
    expect(callIds(t.db)).toEqual([...Array.from({ length: 20 }, (_, i) => `big-${i}`), 'after']);
  });

  it('ingests every line exactly once whatever the write and poll interleaving (appends while reading)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.boolean()), { minLength: 1, maxLength: 40 }), fc.integer({ min: 128, max: 400 }), (steps, chunk) => {
        const t = setup({ chunkBytes: chunk });
        const text = Array.from({ length: 30 }, (_, i) => cdrLine(`p-${i}`)).join('');
        let at = 0;
        for (const [n, poll] of steps) {
          append(t.file(), text.slice(at, at + n));
          at += n;
          if (poll) t.ing.ingestNow();
        }
        append(t.file(), text.slice(at));
        t.ing.ingestNow();
        expect(callIds(t.db)).toEqual(Array.from({ length: 30 }, (_, i) => `p-${i}`));
      }),
      { numRuns: 40 },
    );
  });

  it('re-reads a truncated file from the start and records the reset', () => {
    const t = setup();
    append(t.file(), cdrLine('a') + cdrLine('b'));
    t.ing.ingestNow();
    truncateSync(t.file(), 0);
    append(t.file(), cdrLine('c'));
    expect(t.ing.ingestNow()).toMatchObject({ inserted: 1, resets: 1 });
    expect(callIds(t.db)).toEqual(['a', 'b', 'c']);
    expect(t.db.prepare('SELECT reason FROM cdr_rejects').pluck().get()).toMatch(/truncated or replaced/);
  });

  it('detects a file rewritten in place with other content (same inode, larger) by its first bytes', () => {
    const t = setup();
    append(t.file(), cdrLine('a'));
    t.ing.ingestNow();
    writeFileSync(t.file(), cdrLine('x', { start: 1_700_000_000 }) + cdrLine('y'));
    expect(t.ing.ingestNow()).toMatchObject({ inserted: 2, resets: 1 });
    expect(callIds(t.db)).toEqual(['a', 'x', 'y']);
  });

  it('reads a new inode under the same name from the start and forgets the old position', () => {
    const t = setup();
    append(t.file(), cdrLine('a') + cdrLine('b'));
    t.ing.ingestNow();
    unlinkSync(t.file());
    append(t.file(), cdrLine('c'));
    t.ing.ingestNow();
    expect(callIds(t.db)).toEqual(['a', 'b', 'c']);
    expect(t.db.prepare('SELECT count(*) FROM cdr_ingest_files').pluck().get()).toBe(1);
  });
});

describe('CdrIngester crash safety', () => {
  it('a new ingester on the same database continues without duplicates', () => {
    const t = setup();
    append(t.file(), cdrLine('a') + cdrLine('b') + cdrLine('c').slice(0, 10));
    t.ing.ingestNow();
    append(t.file(), cdrLine('c').slice(10) + cdrLine('d'));
    const again = t.make();
    expect(again.ingestNow().inserted).toBe(2);
    expect(t.make().ingestNow().inserted).toBe(0);
    expect(callIds(t.db)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a failed transaction neither keeps its rows nor moves the position', () => {
    const t = setup();
    append(t.file(), cdrLine('a') + cdrLine('boom') + cdrLine('c'));
    t.db.exec(`CREATE TRIGGER fail BEFORE INSERT ON cdrs WHEN NEW.call_id = 'boom' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => t.ing.ingestNow()).toThrow(/disk full/);
    expect(callIds(t.db)).toEqual([]);
    t.db.exec('DROP TRIGGER fail');
    expect(t.make().ingestNow().inserted).toBe(3);
    expect(callIds(t.db)).toEqual(['a', 'boom', 'c']);
  });

  it('a renamed file keeps its position (rename before a crash, k_rotate never sent)', () => {
    const t = setup();
    append(t.file(), cdrLine('a'));
    t.ing.ingestNow();
    renameSync(t.file(), `${t.file()}.5`);
    append(`${t.file()}.5`, cdrLine('b'));
    expect(t.make().ingestNow().inserted).toBe(1);
    expect(callIds(t.db)).toEqual(['a', 'b']);
  });

  it('drops positions of files deleted before their position was forgotten', () => {
    const t = setup();
    append(t.file(), cdrLine('a'));
    t.ing.ingestNow();
    unlinkSync(t.file());
    t.make().ingestNow();
    expect(t.db.prepare('SELECT count(*) FROM cdr_ingest_files').pluck().get()).toBe(0);
  });
});

describe('CdrIngester rotation', () => {
  it('renames, rotates, keeps reading the old file until its writer reopens, then deletes it', async () => {
    const t = setup();
    const w = new FakeFlatstoreWriter(t.dir, 129, t.shared);
    const idle = new FakeFlatstoreWriter(t.dir, 130, t.shared);
    w.write(cdrLine('a'));
    idle.write(cdrLine('i1'));
    const r = await t.ing.rotateNow();
    expect(r.rotated).toBe(true);
    expect(r.renamed).toHaveLength(2);
    expect(t.rotateCalls()).toBe(1);
    // Neither writer has written since: both renamed files stay (an idle process still holds its file).
    expect(readdirSync(t.dir).sort()).toEqual(r.renamed.sort());
    w.write(cdrLine('b'));
    const s = t.ing.ingestNow();
    expect(s.deleted).toEqual([r.renamed.find((n) => n.startsWith('acc_cdrs_129'))]);
    expect(readdirSync(t.dir).sort()).toEqual(['acc_cdrs_129.log', r.renamed.find((n) => n.startsWith('acc_cdrs_130'))].sort());
    expect(callIds(t.db).sort()).toEqual(['a', 'b', 'i1']);
  });

  it('keeps ingesting a renamed file its writer still appends to (k_rotate ignored), and deletes it after a later rotation', async () => {
    const t = setup();
    const w = new FakeFlatstoreWriter(t.dir, 129, t.shared);
    w.write(cdrLine('a'));
    const ignoring = async () => {}; // Kamailio got k_rotate in the second of its start.
    const ing = t.make({ rotate: ignoring });
    const r = await ing.rotateNow();
    w.write(cdrLine('b')); // Still into the renamed file.
    expect(readdirSync(t.dir)).toEqual(r.renamed);
    expect(ing.ingestNow().deleted).toEqual([]);
    // The agent's retry (poll tick) reaches Kamailio in a later second.
    await t.make().rotateNow();
    w.write(cdrLine('c'));
    expect(t.ing.ingestNow().deleted).toEqual(r.renamed);
    expect(callIds(t.db)).toEqual(['a', 'b', 'c']);
  });

  it('deletes an older renamed file once a later renamed file of the same rank exists', async () => {
    const t = setup();
    const w = new FakeFlatstoreWriter(t.dir, 129, t.shared);
    w.write(cdrLine('a'));
    const first = await t.ing.rotateNow();
    w.write(cdrLine('b'));
    const second = await t.ing.rotateNow();
    expect(second.renamed).toHaveLength(1);
    expect(readdirSync(t.dir)).toEqual(second.renamed);
    expect(first.renamed[0]! < second.renamed[0]!).toBe(true);
    expect(callIds(t.db)).toEqual(['a', 'b']);
  });

  it('calls rotate in a later wall-clock second than the previous call', async () => {
    const t = setup();
    const stamps: number[] = [];
    const ing = t.make({ rotate: async () => void stamps.push(Math.floor(Date.now() / 1000)) });
    append(t.file(), cdrLine('a'));
    await ing.rotateNow();
    append(t.file(), cdrLine('b'));
    await ing.rotateNow();
    expect(stamps).toHaveLength(2);
    expect(stamps[1]!).toBeGreaterThan(stamps[0]!);
  });

  it('polls with the injected timer, rotates when due, and retries a failed k_rotate', async () => {
    let now = 1_000_000;
    let cb: (() => void) | undefined;
    const timer = { setInterval: (fn: () => void) => ((cb = fn), 1), clearInterval: () => (cb = undefined) };
    const t = setup();
    let fail = true;
    const errors: string[] = [];
    const ing = t.make({
      timer, now: () => now, rotateEveryMs: 60_000,
      rotate: async () => {
        if (fail) throw new Error('fifo gone');
        t.shared.rotateStamp++;
      },
      onError: (e) => errors.push(e.message),
    });
    ing.start();
    append(t.file(), cdrLine('a'));
    const tick = async () => {
      cb?.();
      await ing.stop().then(() => ing.start());
    };
    await tick();
    expect(callIds(t.db)).toEqual(['a']);
    expect(readdirSync(t.dir)).toEqual(['acc_cdrs_129.log']);
    now += 60_000;
    await tick();
    expect(errors).toEqual(['cdr rotate: fifo gone']);
    expect(ing.stats()).toMatchObject({ rotateFailures: 1, rotations: 0 });
    fail = false;
    now += 2000;
    await tick();
    expect(ing.stats()).toMatchObject({ rotateFailures: 1, rotations: 1, lastError: 'cdr rotate: fifo gone' });
    await ing.stop();
    expect(cb).toBeUndefined();
  });

  it('rotates when a current file reaches rotateBytes', async () => {
    let cb: (() => void) | undefined;
    const timer = { setInterval: (fn: () => void) => ((cb = fn), 1), clearInterval: () => undefined };
    const t = setup();
    const ing = t.make({ timer, rotateBytes: 150 });
    ing.start();
    append(t.file(), cdrLine('a'));
    cb?.();
    await ing.stop();
    expect(existsSync(t.file())).toBe(true);
    append(t.file(), cdrLine('b'));
    ing.start();
    cb?.();
    await ing.stop();
    expect(existsSync(t.file())).toBe(false);
    expect(t.rotateCalls()).toBe(1);
  });
});
