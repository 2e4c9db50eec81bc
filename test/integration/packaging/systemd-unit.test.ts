// The packaged systemd unit checked offline by `systemd-analyze verify` (no systemd runs here):
// every key known to this systemd, every command it names executable. The unit's commands are
// pointed at a stand-in executable, since the package is not installed on this machine.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const UNIT = fileURLToPath(new URL('../../../switch-agent/packaging/switch-agent.service', import.meta.url));
const haveAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
if (!haveAnalyze && process.env.CI) throw new Error('the unit check needs systemd-analyze');

describe.skipIf(!haveAnalyze)('switch-agent.service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes systemd-analyze verify with no complaint, and stops the engines after the agent', () => {
    const bin = join(dir, 'switch-agent');
    writeFileSync(bin, '#!/bin/sh\n');
    chmodSync(bin, 0o755);
    const text = readFileSync(UNIT, 'utf8');
    expect(text).toMatch(/^ExecStopPost=\/usr\/bin\/switch-agent stop-engines --config \/etc\/switch-agent\/agent\.json$/m);
    expect(text).toMatch(/^RuntimeDirectoryPreserve=restart$/m);
    const unit = join(dir, 'switch-agent.service');
    writeFileSync(unit, text.replaceAll('/usr/bin/switch-agent', bin));
    const r = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('the check itself fails on a key systemd does not know', () => {
    const unit = join(dir, 'bad.service');
    writeFileSync(unit, readFileSync(UNIT, 'utf8').replaceAll('/usr/bin/switch-agent', '/bin/true').replace('KillMode=mixed', 'KillMode=mixed\nKeepEnginesOnStop=yes'));
    const r = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toMatch(/Unknown key 'KeepEnginesOnStop'/);
  });
});
