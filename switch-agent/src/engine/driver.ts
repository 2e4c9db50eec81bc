// The Kamailio + rtpengine EngineDriver: renders and checks kamailio.cfg, writes the engine
// tables (the agent is their only writer, WAL), runs both daemons under supervision, and applies
// configuration changes as runtime cfg sets and coalesced table reloads.
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
// start() first stops engine processes a previous agent left running (leftovers.ts) and removes
// the FIFO, ctl socket, pid file and reply FIFOs they held, then starts both engines. An engine
// that does not come up is retried by its supervisor with backoff (start() still rejects, so the
// caller can log it); restart() works in every state, re-preparing the files when the first
// start could not. The failure reason, with the engine's last output, is the process status's
// lastError and goes out as an `engine.state` event.
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { systemClock } from './clock';
import type { Clock } from './clock';
import {
  binaryVersion, checkCandidateCfg, discardCandidateCfg, enginePaths, promoteCandidateCfg, separateRunDir,
} from './engineFiles';
import { assertReachable, grantKamailioAccess } from './engineAccess';
import type { EnginePaths } from './engineFiles';
import { effectiveListen, planEngineActions, runtimeSetAction, runtimeSets, sameListen } from './enginePlan';
import { checkListenAddresses, socketBindProbe } from './listenCheck';
import { tlsInstalled, tlsPaths, writeTlsConfig, type TlsPaths } from './tlsFiles';
import { transportOf } from './kamailio/cfgListen';
import { CFG_GROUP, cfgVarValues, kamailioArgs, renderKamailioCfg } from './kamailio/renderCfg';
import { planEngineTables } from './kamailio/routingPlan';
import type { KamailioSettings, KamailioSystemParams } from './kamailio/renderCfg';
import { KamailioRpcClient } from './kamailio/rpcClient';
import { writeEngineTables } from './kamailio/schema';
import { UACREG_TARGET } from './kamailio/uacReg';
import { UacRegistrar } from './uacRegistrar';
import { clearEngineLeftovers, OwnerRecords, recordingHost } from './leftovers';
import type { ProcTable } from './leftovers';
import { nodeProcessHost } from './nodeProcessHost';
import { procfsTable } from './procfsTable';
import { ReloadCoalescer } from './reloadCoalescer';
import { checkedReload, RELOAD_METHODS, reloadTables } from './tableReloads';
import type { ReloadedTable } from './tableReloads';
import { NgClient } from './rtpengine/ngClient';
import { snapshotToEngine } from './snapshotToEngine';
import type { EngineConfig } from './snapshotToEngine';
import { SupervisedProcess } from './supervisor';
import type { KamailioEngineOptions } from './driverOptions';
import { EngineError } from './types';
import type { EngineAction, EngineDriver, EngineStatus, ProcessName, ProcessStatus } from './types';
import { rtpengineArgs } from './rtpengine/args';
import { engineSizing, pkgMbFor, reloadTimeoutMs, tableLoadOf } from './engineSizing';
import type { EngineSizing, TableLoad } from './engineSizing';
import { readHostFacts } from './hostFacts';
import { capacityNeeds, capacityProblem, configuredCapacity, settingsShortfall, sizedShmMb } from './engineCapacity';
import type { Capacity, CapacityNeeds, HostLimits } from './engineCapacity';
import { readLocalPortRange } from './mediaPorts';

export { engineOptionsFromAgentConfig } from './driverOptions';
export type { KamailioEngineOptions } from './driverOptions';

const NG_HOST = '127.0.0.1';
/** How long an apply whose runtime step failed waits for a Kamailio restart already under way. */
const RESTART_WAIT_MS = 15_000;

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

/** A status whose process does not answer its control channel is not 'running', whatever the supervisor believes. */
function notAnswering(s: ProcessStatus, r: PromiseSettledResult<unknown>, channel: string): ProcessStatus {
  if (r.status === 'fulfilled') return s;
  const why = r.reason instanceof Error ? r.reason.message : String(r.reason);
  return { ...s, state: 'failed', lastError: `pid ${String(s.pid)} does not answer on its ${channel}: ${why}` };
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
  private db: BetterSqlite3.Database | null = null;
  private readonly owners: OwnerRecords;
  private readonly procs: ProcTable;
  private readonly sizing: EngineSizing;
  /** The largest tables written so far: what the next Kamailio start sizes private memory for. */
  private tableLoad: TableLoad = { droutingRows: 0, gwlistChars: 0, addressRows: 0 };
  /** The capacity of the configuration in effect: what the next Kamailio start sizes shared memory for. */
  private capacity: Capacity = { calls: null, cps: null };
  private readonly hostLimits: HostLimits;
  /** The snapshot start() was given: what a restart prepares the files from when start() could not. */
  private desired: ConfigSnapshot | null = null;
  /** The configuration whose listening addresses the promoted cfg holds (null before the first). */
  private listening: EngineConfig | null = null;
  /** The cfg and tables for `desired` are in place. */
  private prepared = false;
  /** Kamailio processes spawned so far: tells an instance started from the newest files from an older one. */
  private kamailioSpawns = 0;
  /** Serialises operator restarts. */
  private restarting: Promise<unknown> = Promise.resolve();
  /** Serialises the prepare phase (check, write, promote, cfg.seti) of concurrent applies. */
  private lock: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: KamailioEngineOptions) {
    this.paths = enginePaths(o.dir, o.cdrDir, o.users ? separateRunDir(o.dir) : o.dir);
    this.tls = tlsPaths(o.dir);
    this.clock = o.clock ?? systemClock;
    const facts = readHostFacts();
    this.sizing = o.sizing ?? engineSizing(facts);
    const ephemeral = readLocalPortRange();
    this.hostLimits = o.hostLimits ?? { ...(facts.memTotalBytes !== undefined && { memTotalBytes: facts.memTotalBytes }), ...(ephemeral && { ephemeralMin: ephemeral.min }) };
    this.ng = new NgClient({ host: NG_HOST, port: o.rtpengine.ngPort, timeoutMs: 1000, resendMs: 300 });
    this.owners = new OwnerRecords(o.dir);
    this.procs = o.procTable ?? procfsTable;
    const host = recordingHost(o.host ?? nodeProcessHost, this.owners);
    const onChange = () => this.emit();
    this.rtpengine = new SupervisedProcess({
      name: 'rtpengine', host, clock: this.clock, policy: o.backoff, onChange,
      spec: () => ({
        command: o.rtpengineBin, cwd: o.dir,
        ...(o.users && { user: { uid: o.users.rtpengine.uid, gid: o.users.rtpengine.gid } }),
        args: rtpengineArgs({
          interface: o.rtpengine.interface, ngHost: NG_HOST, ngPort: o.rtpengine.ngPort, portMin: o.rtpengine.portMin, portMax: o.rtpengine.portMax,
          threads: this.sizing.rtpengineThreads, deleteDelaySec: this.sizing.rtpengineDeleteDelaySec,
        }),
      }),
      ready: () => this.poll('rtpengine ng ping', () => this.ng.ping()),
    });
    this.kamailio = new SupervisedProcess({
      name: 'kamailio', host, clock: this.clock, policy: o.backoff, onChange,
      // Called right before every spawn: the count tells instances started from newer files.
      spec: () => {
        this.kamailioSpawns++;
        // Files replaced since the last start (cfg, TLS) are root's 0600 again.
        if (o.users) grantKamailioAccess(this.paths, this.tls, o.users.kamailio);
        return {
          command: o.kamailioBin, cwd: o.dir,
          // CAP_NET_BIND_SERVICE: SIP on port 5060 (or any listening address below 1024).
          ...(o.users && { user: { uid: o.users.kamailio.uid, gid: o.users.kamailio.gid, keepCaps: ['net_bind_service'] } }),
          args: kamailioArgs({
            cfgPath: this.paths.cfg, pidFile: this.paths.pid, pkgMb: o.pkgMb ?? pkgMbFor(this.tableLoad),
            shmMb: o.shmMb ?? sizedShmMb(this.needs(this.capacity), this.hostLimits.memTotalBytes),
          }),
        };
      },
      ready: async () => {
        await this.poll('kamailio RPC core.version', async () => {
          const v = await (await this.ensureRpc()).call('core.version', [], 500);
          this.kamailio.setVersion(String(v));
        });
        // drouting loads its table in the first SIP worker's start-up while the others already
        // answer, so a fresh Kamailio says 404 to calls for the seconds a large table takes. Its own
        // reload returns once a table is in place: only then is the engine running.
        if (this.tableLoad.droutingRows > 0) await checkedReload(() => this.rpcClient(), RELOAD_METHODS.drouting, () => reloadTimeoutMs(this.tableLoad.droutingRows))();
        // Outbound registrations live in Kamailio's memory only (uacRegistrar.ts).
        await this.registrar.restore().catch((e: unknown) => o.log?.('warn', `outbound registrations not restored: ${(e as Error).message}`));
      },
      // Kamailio loads every table at start-up; permissions counts that as its last reload.
      onStarted: () => Object.values(this.reloads).forEach((r) => r.markLoaded()),
    });
    const rpc = () => this.rpcClient();
    this.registrar = new UacRegistrar(rpc, this.clock, (m) => o.log?.('warn', `outbound registration: ${m}`));
    this.reloads = {
      address: new ReloadCoalescer(checkedReload(rpc, RELOAD_METHODS.address, () => reloadTimeoutMs(this.tableLoad.addressRows)), o.addressReloadDeltaMs ?? 5200, this.clock),
      // drouting.reload has no reload_delta (measured: back-to-back reloads both succeed);
      // coalescing still keeps one reload in flight. It reports failure in its result text
      // (tableReloads.ts), so checkedReload reads the reply.
      drouting: new ReloadCoalescer(checkedReload(rpc, RELOAD_METHODS.drouting, () => reloadTimeoutMs(this.tableLoad.droutingRows)), 0, this.clock),
      // The cfg sets dispatcher's reload_delta to 0 (cfgGatewayProbe.ts).
      dispatcher: new ReloadCoalescer(checkedReload(rpc, RELOAD_METHODS.dispatcher, () => reloadTimeoutMs(this.tableLoad.droutingRows)), 0, this.clock),
    };
  }

  async start(snapshot: ConfigSnapshot): Promise<void> {
    this.desired = snapshot;
    this.capacity = configuredCapacity(snapshot);
    try {
      mkdirSync(this.paths.dir, { recursive: true, mode: 0o700 });
      mkdirSync(this.paths.cdrDir, { recursive: true });
      if (this.o.users) assertReachable(this.paths.dir, this.o.users.kamailio);
      writeTlsConfig(this.tls);
      await clearEngineLeftovers(this.paths, this.owners, this.procs, this.o.log);
    } catch (e) {
      const err = wrap('engine start', e);
      this.kamailio.fail(err.message);
      this.rtpengine.fail(err.message);
      throw err;
    }
    this.rtpengine.setVersion(await binaryVersion(this.o.rtpengineBin, '--version'));
    const failures: unknown[] = [];
    await this.rtpengine.start().catch((e: unknown) => failures.push(e));
    await this.startKamailio().catch((e: unknown) => failures.push(e));
    if (failures.length > 0) throw wrap('engine start', failures[0]);
  }

  /** Renders, checks and promotes the cfg and writes the tables for `snapshot`. */
  private async prepare(snapshot: ConfigSnapshot): Promise<void> {
    const cfg = snapshotToEngine(snapshot);
    await checkCandidateCfg(this.o.kamailioBin, this.paths, renderKamailioCfg(this.settings(cfg.params, cfg)));
    this.listening = cfg;
    this.noteTables(writeEngineTables(this.database(), cfg.tables));
    promoteCandidateCfg(this.paths);
    this.prepared = true;
    // Added to Kamailio after each start (uacRegistrar.ts: restore).
    this.registrar.use(cfg.uacReg);
  }

  /** Prepares the files if that has not succeeded yet, then starts (or restarts) kamailio. */
  private async startKamailio(restart = false): Promise<void> {
    if (!this.prepared) {
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
    const capacity = configuredCapacity(next);
    const problem = capacityProblem(capacity, this.needs(capacity), this.hostLimits);
    if (problem) throw new Error(problem);
    return actions;
  }

  private needs(c: Capacity): CapacityNeeds {
    return capacityNeeds(c, this.sizing.rtpengineDeleteDelaySec);
  }

  /** After an apply: the capacity the next Kamailio start sizes for, and a warning when the settings' own sizes fall short of it. */
  private noteCapacity(next: ConfigSnapshot): void {
    const c = configuredCapacity(next);
    if (c.calls === this.capacity.calls && c.cps === this.capacity.cps) return;
    this.capacity = c;
    const r = this.o.rtpengine;
    const short = settingsShortfall(c, this.needs(c), { mediaPorts: r.portMax - r.portMin + 1, ...(this.o.shmMb !== undefined && { shmMb: this.o.shmMb }) });
    if (short) this.o.log?.('warn', `engine sizing: ${short}; calls beyond it are refused`);
  }

  async apply(prev: ConfigSnapshot, next: ConfigSnapshot): Promise<EngineAction[]> {
    let nextCfg: EngineConfig;
    let actions: EngineAction[];
    // A rollback apply(failed, good) must work even when `failed` never mapped.
    const prevCfg = mapOrNull(prev);
    try {
      nextCfg = snapshotToEngine(next);
      actions = planEngineActions(prevCfg, nextCfg, this.o.sip);
      // The promoted cfg already listens there: a rollback after an address was refused before
      // anything changed. Kamailio keeps running; only what else differs is done.
      if (prevCfg && this.listening && sameListen(this.listening, nextCfg, this.o.sip) && actions.some((a) => a.kind === 'restart')) {
        actions = planEngineActions({ ...prevCfg, listen: nextCfg.listen }, nextCfg, this.o.sip);
      }
    } catch (e) {
      throw wrap('engine plan', e);
    }
    if (actions.length === 0) return [];
    this.noteCapacity(next);
    const done: EngineAction[] = [];
    let promotedAt = Number.POSITIVE_INFINITY;
    const restart = actions.some((a) => a.kind === 'restart');
    await this.exclusive(async () => {
      try {
        await checkCandidateCfg(this.o.kamailioBin, this.paths, renderKamailioCfg(this.settings(nextCfg.params, nextCfg)));
        if (restart) await this.checkListen(prevCfg, nextCfg);
      } catch (e) {
        discardCandidateCfg(this.paths);
        throw wrap('engine apply (cfg)', e);
      }
      try {
        if (actions.some((a) => a.kind === 'table-reload')) this.noteTables(writeEngineTables(this.database(), nextCfg.tables));
      } catch (e) {
        discardCandidateCfg(this.paths);
        throw wrap('engine apply (tables)', e);
      }
      promoteCandidateCfg(this.paths);
      this.listening = nextCfg;
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
          if (await this.restartedSince(promotedAt)) return;
          throw wrap(`engine apply (cfg.seti ${s.name})`, e, done);
        }
        done.push(runtimeSetAction(s.name, s.value));
      }
    });
    if (restart) return actions;
    try {
      await reloadTables(actions, this.reloads, done);
    } catch (e) {
      if (!(await this.restartedSince(promotedAt))) throw wrap('engine apply', e, done);
    }
    try {
      // prev unknown (null): every row is loaded again.
      if (actions.some((a) => a.target === UACREG_TARGET)) await this.registrar.sync(prevCfg?.uacReg ?? { ...nextCfg.uacReg, rows: [] }, nextCfg.uacReg);
      else this.registrar.use(nextCfg.uacReg);
    } catch (e) {
      if (!(await this.restartedSince(promotedAt))) throw wrap('engine apply (outbound registrations)', e, done);
    }
    return actions;
  }

  /**
   * After a runtime step failed: true when Kamailio was (or is being) started again after the cfg
   * and tables were promoted — a crash-restart reads them at start, so the change is in effect.
   * Waits, bounded, while a restart is under way; false when Kamailio runs the same instance as
   * before (the failure is real) or does not come back.
   */
  private async restartedSince(spawns: number): Promise<boolean> {
    const settledState = () => {
      const k = this.kamailio.status();
      if (k.state === 'starting' || k.state === 'backoff') return undefined;
      return k.state === 'running' && this.kamailioSpawns > spawns;
    };
    const now = settledState();
    if (now !== undefined) return now;
    return new Promise<boolean>((resolve) => {
      const finish = (v: boolean) => {
        off();
        this.clock.clearTimeout(timer);
        resolve(v);
      };
      const off = this.on('state', () => {
        const v = settledState();
        if (v !== undefined) finish(v);
      });
      const timer = this.clock.setTimeout(() => finish(false), RESTART_WAIT_MS);
    });
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

  /**
   * The supervisor's view checked against reality: a 'running' Kamailio must answer `core.psx` on
   * the FIFO with the main pid this driver started (a leftover instance answering would be caught),
   * and a 'running' rtpengine must answer an ng ping.
   */
  async probe(): Promise<EngineStatus> {
    const s = this.status();
    const [k, r] = await Promise.allSettled([
      s.kamailio.state === 'running' ? this.probeKamailio(s.kamailio.pid) : Promise.resolve(),
      s.rtpengine.state === 'running' ? this.ng.ping() : Promise.resolve(),
    ]);
    return { kamailio: notAnswering(s.kamailio, k, 'control FIFO'), rtpengine: notAnswering(s.rtpengine, r, 'ng control port') };
  }

  private async probeKamailio(pid: number | null): Promise<void> {
    const rpc = await this.ensureRpc();
    const procs = await rpc.call('core.psx', [], 1000);
    const main = Array.isArray(procs) ? (procs as { IDX?: unknown; PID?: unknown }[]).find((p) => p.IDX === 0) : undefined;
    if (main?.PID !== pid) throw new Error(`the FIFO is answered by kamailio pid ${String(main?.PID)}, not by the one this agent started`);
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    const s = await this.probe();
    const part = (name: ProcessName) => (s[name].state === 'running' ? `${name} ok` : `${name} not answering (${s[name].lastError ?? s[name].state})`);
    return { ok: s.kamailio.state === 'running' && s.rtpengine.state === 'running', detail: `${part('kamailio')}; ${part('rtpengine')}` };
  }

  async stop(): Promise<void> {
    Object.values(this.reloads).forEach((r) => r.cancel('engine stopping'));
    // SS_SIP_USER_AGENT_SEND_UNREGISTER: Expires: 0 to each registrar while Kamailio still runs.
    if (this.kamailio.status().state === 'running') await this.registrar.shutdown();
    await this.kamailio.stop();
    await this.rtpengine.stop();
    this.rpc?.close();
    this.rpc = null;
    this.rpcOpening = null;
    this.ng.close();
    this.db?.close();
    this.db = null;
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

  /** Refuses addresses this host cannot bind before anything is changed (names the field). */
  private async checkListen(prev: EngineConfig | null, next: EngineConfig): Promise<void> {
    const bound = prev ? effectiveListen(prev, this.o.sip) : [];
    const wanted = next.listen ?? [{ ...this.o.sip, field: 'the agent settings (engine.sipAddress)' }];
    await checkListenAddresses(wanted, bound, this.o.bindProbe ?? socketBindProbe);
    const tls = wanted.find((l) => transportOf(l) === 'tls');
    if (tls && !tlsInstalled(this.tls)) {
      throw new Error(`${tls.field}.transport: no TLS certificate is installed on this switch; install one (TLS certificate) before adding a TLS listening address`);
    }
  }

  /** After tls.install: a running TLS listener re-reads the certificate (tls.reload); without one nothing is done. */
  async reloadTls(): Promise<void> {
    if (!this.listening?.listen?.some((l) => transportOf(l) === 'tls')) return;
    if (this.kamailio.status().state !== 'running') return;
    if (this.o.users) grantKamailioAccess(this.paths, this.tls, this.o.users.kamailio);
    await this.rpcClient().call('tls.reload');
  }

  private settings(params: KamailioSystemParams, cfg: EngineConfig | null = this.listening): KamailioSettings {
    const p = this.paths;
    return {
      listen: cfg ? effectiveListen(cfg, this.o.sip) : this.o.sip,
      paths: { rundir: p.run, configDb: p.db, cdrDir: p.cdrDir, rpcFifo: p.fifo, rpcReplyDir: p.run, ctlSocket: p.ctl },
      rtpengine: { ngAddress: NG_HOST, ngPort: this.o.rtpengine.ngPort, timeoutMs: this.sizing.rtpengineTimeoutMs, tries: this.sizing.rtpengineTries },
      udpWorkers: this.o.udpWorkers ?? this.sizing.udpWorkers,
      receiveBufferBytes: this.sizing.receiveBufferBytes,
      logLevel: this.o.logLevel ?? 1,
      params,
      ...(this.o.gatewayProbeIntervalSec !== undefined && { gatewayProbe: { intervalSec: this.o.gatewayProbeIntervalSec } }),
      ...(this.o.trace && { trace: this.o.trace }),
      tlsConfigFile: this.tls.config,
    };
  }

  private noteTables(plan: Parameters<typeof tableLoadOf>[0]): void {
    const next = tableLoadOf(plan);
    const t = this.tableLoad;
    this.tableLoad = {
      droutingRows: Math.max(t.droutingRows, next.droutingRows),
      gwlistChars: Math.max(t.gwlistChars, next.gwlistChars),
      addressRows: Math.max(t.addressRows, next.addressRows),
    };
  }

  private database(): BetterSqlite3.Database {
    if (!this.db) {
      this.db = new Database(this.paths.db);
      this.db.pragma('busy_timeout = 2000');
    }
    return this.db;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Retries `check` every 50 ms until it succeeds or readyTimeoutMs passes. Real time. */
  private async poll(what: string, check: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + (this.o.readyTimeoutMs ?? 10_000);
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        await check();
        return;
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${what}: no answer within ${this.o.readyTimeoutMs ?? 10_000} ms (${(last as Error | undefined)?.message ?? 'no attempt'})`);
  }

  private emit(): void {
    const s = this.status();
    for (const cb of this.listeners) cb(s);
  }
}
