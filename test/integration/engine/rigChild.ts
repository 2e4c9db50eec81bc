// Started by rig-parent-death.test.ts (bundled with esbuild, in a node process of its own): starts
// a Kamailio load rig (Kamailio, rtpengine, a sipp UAS), prints its folder and the processes it
// started (its own children: each runs the command setpriv exec'd), then waits to be killed.
import { readdirSync, readFileSync } from 'node:fs';
import { startKamailioRig } from './loadRig';

/** Pids whose parent is `pid` (field 4 of /proc/<pid>/stat, after the command in parentheses). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

const min = Number(process.argv[2]);
const rig = await startKamailioRig({ rtpPorts: { min, max: min + 19 }, shmMb: 64 });
process.stdout.write(`${JSON.stringify({ dir: rig.dir, pids: childrenOf(process.pid) })}\n`);
setInterval(() => undefined, 60_000);
