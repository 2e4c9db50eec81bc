// The Kamailio + rtpengine EngineDriver: prepares the files Kamailio starts from (kamailio.cfg and
// the engine tables, kamailioStartFiles.ts), runs both daemons under supervision, and applies
// configuration changes as runtime cfg sets and coalesced table reloads. Command lines and cfg
// settings: engineSpecs.ts; what a start is sized for: engineStartSizing.ts.
//
// apply() order, so that a failure leaves the previous engine state serving calls:
//  1. map both snapshots and plan (pure; an unmappable field throws before anything changes);
//  2. render the next cfg and `kamailio -c` it as a candidate file;
//  3. write the tables in one transaction (a failure rolls the rows back);
//  4. promote the candidate cfg (a crash-restart from here on uses the new values);
//  5. cfg.seti for every changed variable, then the table reloads (coalesced, every reply checked:
//     a reload Kamailio refuses fails the apply naming the table, see tableReloads.ts).
//     A change of the SIP listening addresses instead restarts Kamailio (it binds only at start),
//     after checking in step 2 that every new address can be bound (listenCheck.ts).
// A failure in 5 throws EngineError with the actions already done; the store then calls
// apply(next, prev), which puts rows, cfg file and variables back the same way.
//
// start() first renders the files, then looks at the engines a previous agent left running: one
// that is still the process that agent started and runs exactly what this agent would start is
// adopted — kept with its calls, supervised from here on; the others are stopped with the files
// they held, and started fresh (engineOwnership.ts). stop({ keepEngines }) leaves both running for
// the next agent (a handover, handover.ts). An engine that does not come up is retried by its
// supervisor with backoff (start() still rejects, so the caller can log it); restart() works in
// every state, re-preparing the files when the first start could not. The failure reason, with
// the engine's last output, is the process status's lastError and goes out as an `engine.state`
// event.
import { mkdirSync } from 'node:fs';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { systemClock } from './clock';
import type { Clock } from './clock';
import { binaryVersion, enginePaths, separateRunDir } from './engineFiles';
import type { EnginePaths } from './engineFiles';
import { assertReachable, grantKamailioAccess } from './engineAccess';
import { planEngineActions, runtimeSetAction, runtimeSets, sameListen } from './enginePlan';
import { EngineOwnership } from './engineOwnership';
import { engineHealth, probeEngines } from './engineProbe';
import { kamailioSpec, NG_HOST, rtpengineSpec } from './engineSpecs';
import { EngineStartSizing } from './engineStartSizing';
import { pollReady, restartedSince } from './engineWaits';
import { KamailioStartFiles } from './kamailioStartFiles';
import { checkNextListen, socketBindProbe } from './listenCheck';
import { tlsInstalled, tlsPaths, writeTlsConfig, type TlsPaths } from './tlsFiles';
import { transportOf } from './kamailio/cfgListen';
import { CFG_GROUP, cfgVarValues } from './kamailio/renderCfg';
import { planEngineTables } from './kamailio/routingPlan';
import { KamailioRpcClient } from './kamailio/rpcClient';
import { UACREG_TARGET } from './kamailio/uacReg';
import { UacRegistrar } from './uacRegistrar';
import type { OwnerRecord } from './leftovers';
import { nodeProcessHost } from './nodeProcessHost';
import { procfsTable } from './procfsTable';
import type { ReloadCoalescer } from './reloadCoalescer';
import { checkedReload, RELOAD_METHODS, reloadTables, tableReloaders } from './tableReloads';
import type { ReloadedTable } from './tableReloads';
import { reloadTimeoutMs } from './engineSizing';
import { NgClient } from './rtpengine/ngClient';
import { snapshotToEngine } from './snapshotToEngine';
import type { EngineConfig } from './snapshotToEngine';
import { SupervisedProcess } from './supervisor';
import type { ProcessHost } from './supervisor';
import type { KamailioEngineOptions } from './driverOptions';
import { EngineError } from './types';
import type { EngineAction, EngineDriver, EngineStatus, ProcessName } from './types';

export { engineOptionsFromAgentConfig } from './driverOptions';
export type { KamailioEngineOptions } from './driverOptions';

/** The engine form of `s`, or null when any part of it cannot be mapped or rendered. */
function mapOrNull(s: ConfigSnapshot): EngineConfig | null {
  try {
    const c = snapshotToEngine(s);
    cfgVarValues(c.params);
    planEngineTables(c.tables);
    return c;
  } catch {
    return null;
  }
}

function wrap(what: string, e: unknown, done: EngineAction[] = []): EngineError {
  if (e instanceof EngineError) return e;
  return new EngineError(`${what}: ${(e as Error).message}`, done, { cause: e });
}

export class KamailioEngineDriver implements EngineDriver {
  private readonly paths: EnginePaths;
  /** The TLS certificate, key and tls module file (tlsFiles.ts). */
  readonly tls: TlsPaths;
  private readonly clock: Clock;
  private readonly kamailio: SupervisedProcess;
  private readonly rtpengine: SupervisedProcess;
  private readonly ng: NgClient;
  private readonly reloads: Record<ReloadedTable, ReloadCoalescer>;
  /** Outbound registrations: row loading, fixed-delay retries, unregistration (uacRegistrar.ts). */
  readonly registrar: UacRegistrar;
  private readonly listeners = new Set<(s: EngineStatus) => void>();
  private rpc: KamailioRpcClient | null = null;
  private rpcOpening: Promise<KamailioRpcClient> | null = null;
  /** Owner records, adoption, leftovers (engineOwnership.ts). */
  private readonly ownership: EngineOwnership;
  private readonly sizing: EngineStartSizing;
  private readonly files: KamailioStartFiles;
  /** The snapshot start() was given: what a restart prepares the files from when start() could not. */
  private desired: ConfigSnapshot | null = null;
  /** Kamailio processes spawned so far: tells an instance started from the newest files from an older one. */
  private kamailioSpawns = 0;
  private readonly host: ProcessHost;
  /** Serialises operator restarts. */
  private restarting: Promise<unknown> = Promise.resolve();
  /** Serialises the prepare phase (check, write, promote, cfg.seti) of concurrent applies. */
  private lock: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: KamailioEngineOptions) {
    this.paths = enginePaths(o.dir, o.cdrDir, o.users ? separateRunDir(o.dir) : o.dir);
    this.tls = tlsPaths(o.dir);
    this.clock = o.clock ?? systemClock;
    this.sizing = new EngineStartSizing(o);
    this.ng = new NgClient({ host: NG_HOST, port: o.rtpengine.ngPort, timeoutMs: 1000, resendMs: 300 });
    this.ownership = new EngineOwnership(o, o.host ?? nodeProcessHost, o.procTable ?? procfsTable, this.paths);
    this.files = new KamailioStartFiles(o, this.paths, this.tls, this.sizing, this.ownership);
    const host = this.ownership.host;
    this.host = host;
    const onChange = () => this.emit();
    const readyMs = o.readyTimeoutMs ?? 10_000;
    this.rtpengine = new SupervisedProcess({
      name: 'rtpengine', host, clock: this.clock, policy: o.backoff, onChange,
      spec: () => rtpengineSpec(o, this.sizing.sizing),
      ready: () => pollReady('rtpengine ng ping', readyMs, () => this.ng.ping()),
    });
    this.kamailio = new SupervisedProcess({
      name: 'kamailio', host, clock: this.clock, policy: o.backoff, onChange,
      // Called right before every spawn: the count tells instances started from newer files.
      spec: () => {
        this.kamailioSpawns++;
        // Files replaced since the last start (cfg, TLS) are root's 0600 again.
        if (o.users) grantKamailioAccess(this.paths, this.tls, o.users.kamailio);
        return kamailioSpec(o, this.paths, this.sizing.kamailio());
      },
      ready: async () => {
        await pollReady('kamailio RPC core.version', readyMs, async () => {
          const v = await (await this.ensureRpc()).call('core.version', [], 500);
          this.kamailio.setVersion(String(v));
        });
        // drouting loads its table in the first SIP worker's start-up while the others already
        // answer, so a fresh Kamailio says 404 to calls for the seconds a large table takes. Its own
        // reload returns once a table is in place: only then is the engine running.
        const rows = this.sizing.tableLoad.droutingRows;
        if (rows > 0) await checkedReload(() => this.rpcClient(), RELOAD_METHODS.drouting, () => reloadTimeoutMs(rows))();
        // Outbound registrations live in Kamailio's memory only (uacRegistrar.ts).
        await this.registrar.restore().catch((e: unknown) => o.log?.('warn', `outbound registrations not restored: ${(e as Error).message}`));
      },
      // Kamailio loads every table at start-up; permissions counts that as its last reload.
      onStarted: () => Object.values(this.reloads).forEach((r) => r.markLoaded()),
    });
    const rpc = () => this.rpcClient();
    this.registrar = new UacRegistrar(rpc, this.clock, (m) => o.log?.('warn', `outbound registration: ${m}`));
    this.reloads = tableReloaders(rpc, () => this.sizing.tableLoad, this.clock, o.addressReloadDeltaMs ?? 5200);
  }

  async start(snapshot: ConfigSnapshot): Promise<void> {
    this.desired = snapshot;
    this.sizing.startWith(snapshot);
    let adopt: OwnerRecord[] = [];
    try {
      mkdirSync(this.paths.dir, { recursive: true, mode: 0o700 });
      mkdirSync(this.paths.cdrDir, { recursive: true });
      if (this.o.users) assertReachable(this.paths.dir, this.o.users.kamailio);
      writeTlsConfig(this.tls);
      // Rendered first: what Kamailio would run now decides whether a running one is adopted.
      // A failure is reported by startKamailio below, which tries again.
      await this.prepare(snapshot).catch(() => undefined);
      adopt = this.ownership.adoptable({
        kamailio: this.files.prepared ? kamailioSpec(this.o, this.paths, this.sizing.kamailio()) : null,
        rtpengine: rtpengineSpec(this.o, this.sizing.sizing),
      });
      await this.ownership.clearLeftovers(adopt.map((r) => r.name));
    } catch (e) {
      const err = wrap('engine start', e);
      this.kamailio.fail(err.message);
      this.rtpengine.fail(err.message);
      throw err;
    }
    this.rtpengine.setVersion(await binaryVersion(this.o.rtpengineBin, '--version'));
    const failures: unknown[] = [];
    const pidOf = (name: ProcessName) => adopt.find((r) => r.name === name)?.pid;
    await this.ownership.adoptOr(this.rtpengine, 'kamailio', pidOf('rtpengine'), () => this.rtpengine.start()).catch((e: unknown) => failures.push(e));
    await this.ownership.adoptOr(this.kamailio, 'rtpengine', pidOf('kamailio'), () => this.startKamailio()).catch((e: unknown) => failures.push(e));
    if (failures.length > 0) throw wrap('engine start', failures[0]);
  }

  /** Renders, checks and promotes the cfg and writes the tables for `snapshot`. */
  private async prepare(snapshot: ConfigSnapshot): Promise<void> {
    const cfg = await this.files.prepare(snapshot);
    // Added to Kamailio after each start (uacRegistrar.ts: restore).
    this.registrar.use(cfg.uacReg);
  }

  /** Prepares the files if that has not succeeded yet, then starts (or restarts) kamailio. */
  private async startKamailio(restart = false): Promise<void> {
    if (!this.files.prepared) {
      if (!this.desired) throw new Error('kamailio: start() was never called');
      try {
        await this.prepare(this.desired);
      } catch (e) {
        const err = wrap('kamailio cfg and tables', e);
        this.kamailio.fail(err.message);
        throw err;
      }
    }
    await (restart ? this.kamailio.restart() : this.kamailio.start());
  }

  private ensureRpc(): Promise<KamailioRpcClient> {
    this.rpcOpening ??= KamailioRpcClient.open({
      fifoPath: this.paths.fifo, replyDir: this.paths.run, timeoutMs: 3000,
      ...(this.o.users && { replyOwner: this.o.users.kamailio }),
    }).then(
      (c) => (this.rpc = c),
      (e: unknown) => {
        this.rpcOpening = null;
        throw e;
      },
    );
    return this.rpcOpening;
  }

  /** Throws when `next` cannot be mapped; an unmappable `prev` plans a full rewrite. */
  plan(prev: ConfigSnapshot, next: ConfigSnapshot): EngineAction[] {
    const actions = planEngineActions(mapOrNull(prev), snapshotToEngine(next), this.o.sip);
    // A capacity this host cannot hold is refused before anything changes (engineCapacity.ts).
    this.sizing.refuseBeyondHost(next);
    return actions;
  }

  async apply(prev: ConfigSnapshot, next: ConfigSnapshot): Promise<EngineAction[]> {
    const actions = await this.applyNow(prev, next);
    // The running Kamailio now has the promoted files in effect: a next agent may adopt it.
    const pid = this.kamailio.status().pid;
    if (actions.length > 0 && pid !== null) this.ownership.kamailioApplied(pid);
    return actions;
  }

  private async applyNow(prev: ConfigSnapshot, next: ConfigSnapshot): Promise<EngineAction[]> {
    let nextCfg: EngineConfig;
    let actions: EngineAction[];
    // A rollback apply(failed, good) must work even when `failed` never mapped.
    const prevCfg = mapOrNull(prev);
    const listening = this.files.listening;
    try {
      nextCfg = snapshotToEngine(next);
      actions = planEngineActions(prevCfg, nextCfg, this.o.sip);
      // The promoted cfg already listens there: a rollback after an address was refused before
      // anything changed. Kamailio keeps running; only what else differs is done.
      if (prevCfg && listening && sameListen(listening, nextCfg, this.o.sip) && actions.some((a) => a.kind === 'restart')) {
        actions = planEngineActions({ ...prevCfg, listen: nextCfg.listen }, nextCfg, this.o.sip);
      }
    } catch (e) {
      throw wrap('engine plan', e);
    }
    if (actions.length === 0) return [];
    this.sizing.noteCapacity(next);
    const done: EngineAction[] = [];
    let promotedAt = Number.POSITIVE_INFINITY;
    const restart = actions.some((a) => a.kind === 'restart');
    const restartedSincePromotion = () => restartedSince({ status: () => this.kamailio.status(), spawns: () => this.kamailioSpawns, on: (e, cb) => this.on(e, cb), clock: this.clock }, promotedAt);
    await this.exclusive(async () => {
      let text: string;
      try {
        text = await this.files.candidate(nextCfg);
        if (restart) await checkNextListen(prevCfg, nextCfg, this.o.sip, this.o.bindProbe ?? socketBindProbe, () => tlsInstalled(this.tls));
      } catch (e) {
        this.files.discardCandidate();
        throw wrap('engine apply (cfg)', e);
      }
      try {
        if (actions.some((a) => a.kind === 'table-reload')) this.files.writeTables(nextCfg.tables);
      } catch (e) {
        this.files.discardCandidate();
        throw wrap('engine apply (tables)', e);
      }
      this.files.promote(text, nextCfg);
      promotedAt = this.kamailioSpawns;
      if (restart) {
        try {
          await this.startKamailio(true);
        } catch (e) {
          throw wrap('engine apply (kamailio restart)', e, done);
        }
        done.push(...actions);
        this.registrar.use(nextCfg.uacReg);
        return;
      }
      for (const s of runtimeSets(prevCfg?.params ?? null, nextCfg.params)) {
        try {
          await this.rpcClient().call(typeof s.value === 'string' ? 'cfg.sets' : 'cfg.seti', [CFG_GROUP, s.name, s.value]);
        } catch (e) {
          if (await restartedSincePromotion()) return;
          throw wrap(`engine apply (cfg.seti ${s.name})`, e, done);
        }
        done.push(runtimeSetAction(s.name, s.value));
      }
    });
    if (restart) return actions;
    try {
      await reloadTables(actions, this.reloads, done);
    } catch (e) {
      if (!(await restartedSincePromotion())) throw wrap('engine apply', e, done);
    }
    try {
      // prev unknown (null): every row is loaded again.
      if (actions.some((a) => a.target === UACREG_TARGET)) await this.registrar.sync(prevCfg?.uacReg ?? { ...nextCfg.uacReg, rows: [] }, nextCfg.uacReg);
      else this.registrar.use(nextCfg.uacReg);
    } catch (e) {
      if (!(await restartedSincePromotion())) throw wrap('engine apply (outbound registrations)', e, done);
    }
    return actions;
  }

  status(): EngineStatus {
    return { kamailio: this.kamailio.status(), rtpengine: this.rtpengine.status() };
  }

  /** Works in every state (running, backing off, failed first start); one restart at a time. */
  restart(target: ProcessName | 'all'): Promise<void> {
    const run = this.restarting.then(() => this.restartNow(target));
    this.restarting = run.catch(() => undefined);
    return run;
  }

  private async restartNow(target: ProcessName | 'all'): Promise<void> {
    try {
      if (target === 'kamailio') await this.startKamailio(true);
      else if (target === 'rtpengine') await this.rtpengine.restart();
      else {
        await this.kamailio.stop();
        await this.rtpengine.restart();
        await this.startKamailio();
      }
    } catch (e) {
      throw wrap(`engine restart ${target}`, e);
    }
  }

  /** The supervisor's view checked against reality (engineProbe.ts). */
  probe(): Promise<EngineStatus> {
    return probeEngines(this.status(), () => this.ensureRpc(), () => this.ng.ping());
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    return engineHealth(await this.probe());
  }

  /** `keepEngines`: a handover to the next agent — both engines keep running (and registered) with their owner records. */
  async stop(opts: { keepEngines?: boolean } = {}): Promise<void> {
    Object.values(this.reloads).forEach((r) => r.cancel('engine stopping'));
    if (opts.keepEngines && this.host.adopt) {
      this.kamailio.release();
      this.rtpengine.release();
    } else {
      // SS_SIP_USER_AGENT_SEND_UNREGISTER: Expires: 0 to each registrar while Kamailio still runs.
      if (this.kamailio.status().state === 'running') await this.registrar.shutdown();
      await this.kamailio.stop();
      await this.rtpengine.stop();
    }
    this.rpc?.close();
    this.rpc = null;
    this.rpcOpening = null;
    this.ng.close();
    this.files.close();
  }

  on(_event: 'state', cb: (s: EngineStatus) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** The ng client, for callers that inspect rtpengine (monitor, tests). */
  get rtpengineControl(): NgClient {
    return this.ng;
  }

  /** The Kamailio RPC client (monitor, calls, tests); throws before start(). */
  rpcClient(): KamailioRpcClient {
    if (!this.rpc) throw new Error('kamailio rpc: engine not started');
    return this.rpc;
  }

  /** After tls.install: a running TLS listener re-reads the certificate (tls.reload); without one nothing is done. */
  async reloadTls(): Promise<void> {
    if (!this.files.listening?.listen?.some((l) => transportOf(l) === 'tls')) return;
    if (this.kamailio.status().state !== 'running') return;
    if (this.o.users) grantKamailioAccess(this.paths, this.tls, this.o.users.kamailio);
    await this.rpcClient().call('tls.reload');
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private emit(): void {
    const s = this.status();
    for (const cb of this.listeners) cb(s);
  }
}
