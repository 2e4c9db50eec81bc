import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAgentPackages, newestFor, parsePackageFileName } from './agentPackages';

describe('agent packages', () => {
  it('reads version and architecture from the file name (an epoch is spelled %3a)', () => {
    expect(parsePackageFileName('switch-agent_0.1.0_amd64.deb')).toEqual({ version: '0.1.0', arch: 'amd64' });
    expect(parsePackageFileName('switch-agent_1%3a0.2.0~rc1_arm64.deb')).toEqual({ version: '1:0.2.0~rc1', arch: 'arm64' });
    expect(parsePackageFileName('kamailio_5.6_amd64.deb')).toBeNull();
    expect(parsePackageFileName('switch-agent_0.1.0_amd64.deb.part')).toBeNull();
  });

  it('lists a folder and picks the newest for the architecture', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-pkgs-'));
    try {
      for (const f of ['switch-agent_0.1.0~prev_amd64.deb', 'switch-agent_0.1.0_amd64.deb', 'switch-agent_0.2.0_arm64.deb', 'notes.txt']) writeFileSync(join(dir, f), 'x'.repeat(10));
      mkdirSync(join(dir, 'switch-agent_9.9.9_amd64.deb')); // a folder is not a package
      const pkgs = listAgentPackages(dir);
      expect(pkgs.map((p) => p.file).sort()).toEqual(['switch-agent_0.1.0_amd64.deb', 'switch-agent_0.1.0~prev_amd64.deb', 'switch-agent_0.2.0_arm64.deb']);
      expect(newestFor(pkgs, 'amd64')).toMatchObject({ version: '0.1.0', bytes: 10, path: join(dir, 'switch-agent_0.1.0_amd64.deb') });
      expect(newestFor(pkgs, 'riscv64')).toBeUndefined();
      expect(listAgentPackages(join(dir, 'missing'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
