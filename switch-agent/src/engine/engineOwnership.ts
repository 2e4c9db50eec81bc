// The engines a previous agent left running: which of them this agent keeps (adoption.ts decides
// each), the owner records that make that possible (leftovers.ts: every spawn is recorded with
// what it runs), and the fallback when a kept engine does not answer. A handover (stop with
// keepEngines, handover.ts) leaves both engines and their records for the next agent.
import { realpathSync } from 'node:fs';
import { adoptDecision, argsHash, engineFilesHash } from './adoption';
import type { EnginePaths } from './engineFiles';
import { clearEngineLeftovers, OwnerRecords, recordingHost } from './leftovers';
import type { OwnerRecord, ProcTable } from './leftovers';
import { procIdentity, procStartTime } from './procfsTable';
import type { ProcessHost, ProcessSpec, SupervisedProcess } from './supervisor';
import type { ProcessName } from './types';
import type { KamailioEngineOptions } from './driverOptions';

export class EngineOwnership {
  readonly owners: OwnerRecords;
  /** The host every engine is spawned through: records each spawn, forgets it at exit. */
  readonly host: ProcessHost;
  /**
   * SHA-256 of what each engine runs besides its arguments (adoption.ts): the files it reads at
   * start and the user it runs as (setpriv switches it; not in the command line). Kamailio's
   * follows every promoted cfg (noteKamailioFiles).
   */
  private readonly filesHash: Record<ProcessName, string>;

  constructor(
    private readonly o: Pick<KamailioEngineOptions, 'dir' | 'users' | 'log'>,
    host: ProcessHost,
    private readonly procs: ProcTable,
    private readonly paths: EnginePaths,
  ) {
    this.owners = new OwnerRecords(o.dir);
    this.filesHash = { kamailio: '', rtpengine: engineFilesHash({ user: JSON.stringify(o.users?.rtpengine ?? null) }) };
    this.host = recordingHost(host, this.owners, (name, pid, argv) => ({
      // Not procIdentity: right after the spawn the child may still be inside execve, its command
      // line empty, and an empty start time made the next agent restart an engine it should adopt.
      startTime: procStartTime(pid) ?? '', exe: resolvedBinary(argv[0]!), argsHash: argsHash(argv), filesHash: this.filesHash[name],
    }));
  }

  /** Notes the hash of a cfg about to be promoted with its tables: what the next Kamailio start reads. */
  noteKamailioFiles(cfgText: string, tablesJson: string): void {
    this.filesHash.kamailio = engineFilesHash({ 'kamailio.cfg': cfgText, tables: tablesJson, user: JSON.stringify(this.o.users?.kamailio ?? null) });
  }

  /** The running Kamailio at `pid` has the promoted files in effect: a next agent may adopt it. */
  kamailioApplied(pid: number): void {
    this.owners.update('kamailio', pid, { filesHash: this.filesHash.kamailio });
  }

  /** The recorded engines that may be adopted, given what this agent would start (null: nothing); why the others may not is logged. */
  adoptable(wanted: Record<ProcessName, ProcessSpec | null>): OwnerRecord[] {
    if (!this.host.adopt) return [];
    return this.owners.all().filter((r) => {
      const spec = wanted[r.name];
      if (!spec) return false;
      const now = procIdentity(r.pid);
      const argv = [spec.command, ...spec.args];
      const d = adoptDecision(r, now, { argv, exe: resolvedBinary(spec.command), filesHash: this.filesHash[r.name] });
      if (!d.adopt && now) this.o.log?.('info', `${r.name} (pid ${r.pid}) is started again: ${d.reason}`);
      return d.adopt;
    });
  }

  /** Stops what a previous agent left running (and its FIFO, ctl socket, pid file…), except the engines in `keep`. */
  clearLeftovers(keep: ProcessName[]): Promise<void> {
    return clearEngineLeftovers(this.paths, this.owners, this.procs, this.o.log, keep);
  }

  /** Adopts the engine at `pid` when there is one; when it does not answer, starts a fresh one. */
  async adoptOr(proc: SupervisedProcess, other: ProcessName, pid: number | undefined, fresh: () => Promise<void>): Promise<void> {
    if (pid !== undefined) {
      try {
        await proc.adopt(pid);
        this.o.log?.('info', `kept the running engine from before the agent restart`, { pid });
        return;
      } catch (e) {
        this.o.log?.('warn', `a running engine (pid ${pid}) did not answer and is started again: ${(e as Error).message}`);
        // Its record and (for Kamailio) its FIFO, ctl socket and pid file go; the other engine stays.
        await this.clearLeftovers([other]);
      }
    }
    await fresh();
  }
}

/** The binary a command runs (symlinks resolved), as /proc/<pid>/exe shows it. */
function resolvedBinary(command: string): string {
  try {
    return realpathSync(command);
  } catch {
    return command;
  }
}
