// Storage failures for real. A full disk under the configuration store: the agent's data directory is a 4 MB tmpfs
// (its engine folder bind-mounted from elsewhere, so only the agent database runs out of room),
// filled up while the agent and Kamailio run. config.apply must answer STORAGE_FAILED naming
// agent.db and the cause, leave the previous revision recorded and running in Kamailio, and
// engine.status must show the problem until a write succeeds again. A read-only data folder (a
// read-only bind mount) at start-up: the agent refuses to start and says which file is read-only.
// Needs root (mount).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageFailedErrorData } from '@shared/rpc/agentApi';
import { AgentConfigSchema } from '../../../switch-agent/src/config/agentConfig';
import type { KamailioEngineDriver } from '../../../switch-agent/src/engine';
import { startAgent } from '../../../switch-agent/src/serve';
import { haveBinary, waitFor } from '../engine/procs';
import { TailLogger, rpcFailure, startTestAgent, type TestAgent } from './agentHarness';

const isRoot = process.getuid?.() === 0;
const missing = ['kamailio', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
const mounts: string[] = [];

/** Writes zeros into `file` until the file system has no room left. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!isRoot || missing.length > 0)('configuration store on a full disk', () => {
  let t: TestAgent;
  beforeAll(async () => {
    t = await startTestAgent({
      prepareDataDir(dataDir, dir) {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0750', 'tmpfs', dataDir]);
        mounts.unshift(dataDir);
        const engineDir = join(dir, 'engine-outside');
        mkdirSync(engineDir);
        mkdirSync(join(dataDir, 'engine'));
        execFileSync('mount', ['--bind', engineDir, join(dataDir, 'engine')]);
        mounts.unshift(join(dataDir, 'engine'));
      },
    });
  }, 30_000);
  afterAll(async () => {
    await t?.stop().catch(() => undefined);
    for (const m of mounts) execFileSync('umount', [m]);
  });

  it('config.apply answers STORAGE_FAILED naming agent.db and the full disk; the previous revision stays recorded and running', async () => {
    const admin = await t.client('admin', 'alice');
    const rpc = (t.agent.engine as KamailioEngineDriver).rpcClient();
    const ringing = () => rpc.call('cfg.get', ['switchdeck', 'sip_timeout_ringing']);
    const first = await admin.call('config.apply', { baseRevision: 0, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 30 }] });
    expect(await ringing()).toBe(30);

    const filler = join(t.dataDir, 'filler');
    fillUp(filler);
    const e = await rpcFailure(admin.call('config.apply', { baseRevision: first.revision, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 45 }] }));
    console.info(`full disk: ${e.code}: ${e.message}`);
    expect(e.code).toBe('STORAGE_FAILED');
    expect(e.message).toBe(`the disk holding the configuration store ${join(t.dataDir, 'agent.db')} is full (SQLITE_FULL); nothing was changed; revision ${first.revision} is still in effect`);
    expect((e.data as StorageFailedErrorData).problem).toMatchObject({ store: 'agent', cause: 'disk-full' });

    // Nothing applied: the store still holds the previous revision and Kamailio runs it again.
    const viewer = await t.client('view', 'bob');
    expect((await viewer.call('config.get', {})).snapshot.revision).toBe(first.revision);
    expect(await ringing()).toBe(30);
    const status = await viewer.call('engine.status', {});
    expect(status.storage).toEqual([expect.objectContaining({ store: 'agent', cause: 'disk-full', path: join(t.dataDir, 'agent.db') })]);
    // The default storage-problem rule raises it as an alert from the next sample (shown live even
    // though the full disk keeps the alert itself from being stored).
    const alert = await waitFor('the storage-problem alert', 10_000, async () =>
      (await viewer.call('alerts.list', {})).active.find((a) => a.rule === 'storage-problem' && a.state === 'firing'));
    expect(alert).toMatchObject({ severity: 'critical', series: 'agent.storage.problems', value: 1 });

    // Room again: the same change goes through and the problem is no longer reported.
    rmSync(filler);
    const again = await admin.call('config.apply', { baseRevision: first.revision, ops: [{ op: 'param.set', name: 'SS_SIP_TIMEOUT_RINGING', value: 45 }] });
    expect(again.revision).toBe(first.revision + 1);
    expect(await ringing()).toBe(45);
    expect((await viewer.call('engine.status', {})).storage).toEqual([]);
    await waitFor('the storage-problem alert to resolve', 10_000, async () =>
      (await viewer.call('alerts.list', {})).history.find((a) => a.id === alert.id && a.endedBecause === 'cleared'));
  }, 30_000);
});

describe.skipIf(!isRoot)('configuration store on a read-only file system', () => {
  it('the agent refuses to start and names the read-only database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sd-agent-ro-'));
    const dataDir = join(dir, 'data');
    const cfg = AgentConfigSchema.parse({ dataDir, socketDir: join(dir, 'run'), secretKeyFile: join(dir, 'secret.key'), adminGroup: null, viewGroup: null, engine: { enabled: false } });
    mkdirSync(cfg.socketDir);
    // A first start creates the database; then the folder becomes read-only underneath it.
    await (await startAgent(cfg, new TailLogger())).stop();
    execFileSync('mount', ['--bind', dataDir, dataDir]);
    try {
      execFileSync('mount', ['-o', 'remount,bind,ro', dataDir]);
      await expect(startAgent(cfg, new TailLogger())).rejects.toThrow(`switch-agent cannot start: the configuration store ${join(dataDir, 'agent.db')} is read-only (EROFS)`);
    } finally {
      execFileSync('umount', [dataDir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
