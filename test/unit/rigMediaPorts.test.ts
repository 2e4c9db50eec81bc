// The engine bench's media range follows the agent's rule (never inside the kernel's ephemeral
// range) and takes all the room below it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { largestMediaPortsBelowEphemeral } from '../integration/engine/procs';

function rangeFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sd-rig-ports-')), 'ip_local_port_range');
  writeFileSync(file, text);
  return file;
}

describe('largestMediaPortsBelowEphemeral', () => {
  it('spans 1024 up to the port before the ephemeral range', () => {
    expect(largestMediaPortsBelowEphemeral(rangeFile('32768\t60999\n'))).toEqual({ min: 1024, max: 32767 });
    expect(largestMediaPortsBelowEphemeral(rangeFile('10000 65000\n'))).toEqual({ min: 1024, max: 9999 });
  });

  it('refuses, naming the ranges, when there is no room below it or it cannot be read', () => {
    expect(() => largestMediaPortsBelowEphemeral(rangeFile('1500 65000\n'))).toThrow(/no room for media ports below the kernel's ephemeral range 1500–65000/);
    expect(() => largestMediaPortsBelowEphemeral(join(rangeFile(''), 'missing'))).toThrow(/cannot read the kernel's ephemeral port range/);
  });
});
