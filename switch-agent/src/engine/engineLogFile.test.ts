import { appendFileSync, closeSync, mkdtempSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineLogTail, openFreshEngineLog } from './engineLogFile';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('EngineLogTail', () => {
  it('hands on complete lines, keeps its offset for the next agent, and empties the file past the bound', () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-enginelog-'));
    const path = join(dir, 'kamailio.log');
    const fd = openFreshEngineLog(path);
    const lines: string[] = [];
    const tail = new EngineLogTail({ path, onLine: (l) => lines.push(l), maxBytes: 40 });
    writeSync(fd, 'one\ntw');
    tail.drain();
    expect(lines).toEqual(['one']);
    expect(readFileSync(`${path}.offset`, 'utf8')).toBe('4');

    // A next agent (handover) reads on from the recorded offset.
    tail.stop(false);
    const next: string[] = [];
    const tail2 = new EngineLogTail({ path, onLine: (l) => next.push(l), maxBytes: 40 });
    writeSync(fd, `o\n${'x'.repeat(40)}\n`);
    tail2.drain();
    expect(next).toEqual(['two', 'x'.repeat(40)]);
    // Past 40 bytes it was emptied; the engine's O_APPEND writes start at offset 0 again.
    expect(statSync(path).size).toBe(0);
    writeSync(fd, 'three\n');
    tail2.drain();
    expect(next.at(-1)).toBe('three');
    expect(tail2.tail()).toContain('three');
    closeSync(fd);
    appendFileSync(path, 'last without newline');
    tail2.stop(true);
    expect(next.at(-1)).toBe('last without newline');
  });
});
