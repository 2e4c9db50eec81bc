// A test or bench process killed outright (SIGKILL: no afterAll, no rig.stop()) leaves no engine
// behind: the rigs start Kamailio, rtpengine and sipp through setpriv with a parent-death signal
// (procs.ts startGroup). Before, the killed process's engines kept running (seen: `/tmp/sd-load-*`
// Kamailio and rtpengine left over by an interrupted bench). The rig runs in a node process of its
// own (rigChild.ts), which this test kills with -9.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { procfsTable } from '../../../switch-agent/src/engine/procfsTable';
import { haveBinary, mediaPorts, waitFor } from './procs';

const CHILD = fileURLToPath(new URL('./rigChild.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const missing = ['kamailio', 'rtpengine', 'sipp', 'setpriv'].filter((b) => !haveBinary(b, b === 'kamailio' || b === 'sipp' ? ['-v'] : ['--version']));
if (missing.length > 0 && process.env.CI) throw new Error(`rig parent-death test needs ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('engines started by a test rig die with the process that started them', () => {
  let dir = '';
  let rigDir = '';
  let child: ChildProcessWithoutNullStreams | undefined;
  let groups: number[] = [];

  afterAll(() => {
    // Only when the test failed: the groups the killed rig left behind.
    for (const p of procfsTable.list().filter((q) => groups.includes(q.pgid))) process.kill(p.pid, 'SIGKILL');
    if (child && child.exitCode === null) child.kill('SIGKILL');
    for (const d of [dir, rigDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('SIGKILL of the node process running a Kamailio load rig: its Kamailio (all workers), rtpengine and sipp exit', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-rigdeath-'));
    const out = join(dir, 'rigChild.mjs');
    await build({
      entryPoints: [CHILD], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
      alias: { '@shared': join(ROOT, 'shared') }, external: ['better-sqlite3'],
    });
    // Inside the load rig's block (61000–65535), clear of load.test's first ports.
    const ports = mediaPorts(65000 + (process.pid % 20) * 20, 20);
    // better-sqlite3 (external) resolves from the repository's node_modules.
    child = spawn(process.execPath, [out, String(ports.min)], { cwd: dir, env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child!.stdout }).once('line', resolve);
      child!.once('exit', (code) => reject(new Error(`rig child exited with ${String(code)}: ${stderr}`)));
    });
    const started = JSON.parse(line) as { dir: string; pids: number[] };
    rigDir = started.dir;
    groups = started.pids;
    const inGroups = () => procfsTable.list().filter((p) => groups.includes(p.pgid));
    const commands = () => [...new Set(inGroups().map((p) => p.argv[0]!.split('/').pop()))].sort();
    // Kamailio's main process and its workers, rtpengine and the sipp UAS: each in a group of its own.
    expect(commands()).toEqual(['kamailio', 'rtpengine', 'sipp']);
    expect(inGroups().length).toBeGreaterThan(3);

    const exited = new Promise<void>((r) => child!.once('exit', () => r()));
    child.kill('SIGKILL');
    await exited;
    const left = await waitFor('the rig\'s processes to exit', 10_000, () => (inGroups().length === 0 ? true : undefined)).catch(() => inGroups());
    expect(left, 'processes still running after their parent was killed').toBe(true);
  }, 45_000);
});
