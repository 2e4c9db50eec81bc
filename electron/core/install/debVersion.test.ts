import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareDebVersions } from './debVersion';

const PAIRS: [string, string, number][] = [
  ['0.1.0', '0.1.0', 0],
  ['0.1.0~prev', '0.1.0', -1],
  ['0.1.0', '0.1.0+1', -1],
  ['0.1.0~rc1', '0.1.0~rc2', -1],
  ['0.1.0~', '0.1.0~~', 1],
  ['0.10.0', '0.9.9', 1],
  ['1:0.1', '2.0', 1],
  ['5.6.3-2', '5.6.3-10', -1],
  ['5.6.3-2', '5.6.3', 1],
  ['1.0a', '1.0+', -1],
  ['001.2', '1.2', 0],
  ['10.2.1.5-1+deb12u1', '10.2.1.5-1', 1],
];

describe('compareDebVersions', () => {
  it.each(PAIRS)('%s against %s is %i', (a, b, want) => {
    expect(compareDebVersions(a, b)).toBe(want);
    expect(compareDebVersions(b, a)).toBe(want === 0 ? 0 : -want);
  });

  it.skipIf(!existsSync('/usr/bin/dpkg'))('agrees with dpkg --compare-versions', () => {
    for (const [a, b, want] of PAIRS) {
      const op = want < 0 ? 'lt' : want > 0 ? 'gt' : 'eq';
      expect(() => execFileSync('dpkg', ['--compare-versions', a, op, b]), `${a} ${op} ${b}`).not.toThrow();
    }
  });
});
