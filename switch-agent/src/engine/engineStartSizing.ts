// What the next engine start is sized for: the host's sizing (engineSizing.ts), the largest tables
// written so far (Kamailio's private memory) and the capacity of the configuration in effect
// (shared memory, engineCapacity.ts). A capacity this host cannot hold is refused before anything
// changes; settings of the agent that fall short of it are logged.
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { capacityNeeds, capacityProblem, configuredCapacity, settingsShortfall } from './engineCapacity';
import type { Capacity, CapacityNeeds, HostLimits } from './engineCapacity';
import { engineSizing, tableLoadOf } from './engineSizing';
import type { EngineSizing, TableLoad } from './engineSizing';
import type { KamailioEngineOptions } from './driverOptions';
import { readHostFacts } from './hostFacts';
import { readLocalPortRange } from './mediaPorts';

export class EngineStartSizing {
  readonly sizing: EngineSizing;
  readonly hostLimits: HostLimits;
  /** The largest tables written so far: what the next Kamailio start sizes private memory for. */
  private load: TableLoad = { droutingRows: 0, gwlistChars: 0, addressRows: 0 };
  /** The capacity of the configuration in effect: what the next Kamailio start sizes shared memory for. */
  private capacity: Capacity = { calls: null, cps: null };

  constructor(private readonly o: Pick<KamailioEngineOptions, 'sizing' | 'hostLimits' | 'rtpengine' | 'shmMb' | 'log'>) {
    const facts = readHostFacts();
    this.sizing = o.sizing ?? engineSizing(facts);
    const ephemeral = readLocalPortRange();
    this.hostLimits = o.hostLimits ?? { ...(facts.memTotalBytes !== undefined && { memTotalBytes: facts.memTotalBytes }), ...(ephemeral && { ephemeralMin: ephemeral.min }) };
  }

  get tableLoad(): TableLoad {
    return this.load;
  }

  /** What Kamailio's command line is sized from (engineSpecs.ts). */
  kamailio(): { tableLoad: TableLoad; needs: CapacityNeeds; memTotalBytes: number | undefined } {
    return { tableLoad: this.load, needs: this.needs(this.capacity), memTotalBytes: this.hostLimits.memTotalBytes };
  }

  /** The configuration start() runs: its capacity, without a warning (the agent settings were checked at start). */
  startWith(snapshot: ConfigSnapshot): void {
    this.capacity = configuredCapacity(snapshot);
  }

  /** Throws when `next` asks for a capacity this host cannot hold. */
  refuseBeyondHost(next: ConfigSnapshot): void {
    const capacity = configuredCapacity(next);
    const problem = capacityProblem(capacity, this.needs(capacity), this.hostLimits);
    if (problem) throw new Error(problem);
  }

  /** After an apply: the capacity the next Kamailio start sizes for, and a warning when the settings' own sizes fall short of it. */
  noteCapacity(next: ConfigSnapshot): void {
    const c = configuredCapacity(next);
    if (c.calls === this.capacity.calls && c.cps === this.capacity.cps) return;
    this.capacity = c;
    const r = this.o.rtpengine;
    const short = settingsShortfall(c, this.needs(c), { mediaPorts: r.portMax - r.portMin + 1, ...(this.o.shmMb !== undefined && { shmMb: this.o.shmMb }) });
    if (short) this.o.log?.('warn', `engine sizing: ${short}; calls beyond it are refused`);
  }

  /** Tables just written: the load only grows (a smaller table still fits the memory sized for a larger one). */
  noteTables(plan: Parameters<typeof tableLoadOf>[0]): void {
    const next = tableLoadOf(plan);
    const t = this.load;
    this.load = {
      droutingRows: Math.max(t.droutingRows, next.droutingRows),
      gwlistChars: Math.max(t.gwlistChars, next.gwlistChars),
      addressRows: Math.max(t.addressRows, next.addressRows),
    };
  }

  private needs(c: Capacity): CapacityNeeds {
    return capacityNeeds(c, this.sizing.rtpengineDeleteDelaySec);
  }
}
