// The teardown's orphan check must find what a fixture leaves behind, by path, by cwd and by marker.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureProcesses, reapOrphans } from './orphans';

const root = mkdtempSync(path.join(tmpdir(), 'sd-orphans-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sleeper(args: string[], cwd = tmpdir()) {
  const child = spawn('sleep', args, { cwd, stdio: 'ignore' });
  return { child, exited: new Promise<void>((r) => child.once('exit', () => r())) };
}

describe('orphan check', () => {
  it('finds processes naming the root, running in it, or carrying a marker, and kills them', async () => {
    // `sleep` accepts several durations and sums them: the extra arguments are harmless markers.
    const byCwd = sleeper(['300'], root);
    const byMarker = sleeper(['301', '0.0']);
    const unrelated = sleeper(['302']);
    try {
      const found = fixtureProcesses({ root, markers: ['301 0.0'] }).map((p) => p.pid);
      expect(found).toContain(byCwd.child.pid);
      expect(found).toContain(byMarker.child.pid);
      expect(found).not.toContain(unrelated.child.pid);

      const reaped = await reapOrphans({ root, markers: ['301 0.0'] }, 200);
      expect(reaped).toHaveLength(2);
      await Promise.all([byCwd.exited, byMarker.exited]);
      expect(fixtureProcesses({ root, markers: ['301 0.0'] })).toEqual([]);
    } finally {
      unrelated.child.kill();
      byCwd.child.kill();
      byMarker.child.kill();
    }
  });
});
