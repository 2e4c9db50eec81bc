import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { procIdentity, procStartTime } from './procfsTable';

describe('procStartTime', () => {
  it('reads a child\'s start time at once after the spawn, the same as once it runs its binary', async () => {
    const child = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      const atSpawn = procStartTime(child.pid!);
      expect(atSpawn).toMatch(/^\d+$/);
      await new Promise((r) => setTimeout(r, 50));
      expect(procIdentity(child.pid!)).toMatchObject({ startTime: atSpawn, argv: ['sleep', '5'] });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('is null for a pid that is not running', () => {
    expect(procStartTime(2 ** 22 + 1)).toBeNull();
  });
});
