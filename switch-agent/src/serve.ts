// `switch-agent serve`: the daemon's composition root. Everything with a side effect is built here
// and handed to logic that only sees interfaces.
import os from 'node:os';
import path from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { CATALOG } from '@shared/catalog';
import { useSha256Hex, type Sha256Parts } from '@shared/config';
import { NewerSchemaError } from '@shared/db/migrate';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import { AGENT_EVENTS } from '@shared/rpc/events';
import { PROTOCOL_VERSION, SOCKETS } from '@shared/rpc/protocol';
import { configHandlers } from './api/configHandlers';
import { withStorageErrors } from './api/storageBoundary';
import { gateOnEngine } from './api/engineGate';
import { engineHandlers, toWireStatus } from './api/engineHandlers';
import { kamailioCallsEngine, startCalls } from './calls';
import { kamailioRegistrarEngine, readSuspensions, startRegistrations } from './registrations';
import { tlsHandlers } from './tls/tlsHandlers';
import { tlsFileStore, tlsPaths } from './engine/tlsFiles';
import { cdrHandlers } from './cdr/cdrHandlers';
import { CdrIngester, type CdrIngesterOptions } from './cdr/ingester';
import { parseRefusedLine } from './cdr/parseRefused';
import { CDR_MIGRATIONS } from './cdr/migrations';
import { CdrPruner, cdrPrunerSampler } from './cdr/retention';
import type { AgentConfig } from './config/agentConfig';
import { DisabledEngine } from './engine/disabledEngine';
import { engineApplier } from './engine/engineApplier';
import { KamailioEngineDriver, engineOptionsFromAgentConfig } from './engine';
import { enginePaths } from './engine/engineFiles';
import { REFUSED_TABLE } from './engine/kamailio/cfgRefusedCalls';
import { assertMediaPortsOutsideEphemeral } from './engine/mediaPorts';
import { resolveEngineUsers } from './engine/engineUsers';
import { hostUserLookup } from './engine/hostFacts';
import { createNodeProcessHost } from './engine/nodeProcessHost';
import type { EngineDriver } from './engine/types';
import { systemClock as timerClock } from './engine/clock';
import { LogRing, engineLinesToRing, logsTopic, rateCap, repeatFolder, teeLogger } from './logs';
import { MONITOR_MIGRATIONS, startMonitor, type RunningMonitor } from './monitor';
import { ALERT_MIGRATIONS, startAlerts, storageSampler, type RunningAlerts } from './alerts';
import { ConnectionHub, Dispatcher, startRpcServer, stderrLogger, type RpcLogger } from './rpc';
import { AuditRepo } from './store/auditRepo';
import { ConfigService } from './store/configService';
import { openAgentDb } from './store/openAgentDb';
import { systemClock } from './store/ports';
import { RevisionRepo } from './store/revisionRepo';
import { withGatewayWiseResults } from './api/snapshotResultCheck';
import { StorageErrors, describeStorageFailure } from './store/storageErrors';
import { SecretVault } from './store/secretVault';
import { GATEWAY_ROWS_MIGRATION, SEAL_SECRETS_MIGRATION, storeMigrations } from './store/storeMigrations';
import { SecretBox } from './secrets/secretBox';
import { loadOrCreateSecretKey } from './secrets/secretKeyFile';
import { startTraceService } from './trace/traceService';
import { readHepPort, writeHepPort } from './trace/hepPortRecord';
import { handoverPending, takeHandover } from './engine/handover';
import { nodeProcFs } from './monitor/nodeProcFs';
import { traceTopic } from './trace/traceTopic';
import { traceHandlers } from './api/traceHandlers';
import { AGENT_VERSION } from './version';
import { kamailioRpcOrNull, startGatewayStatus, type RunningGatewayStatus } from './gateways';
import { startFirewall } from './firewall';
import { outboundRegistrationHandlers } from './gateways/outboundRegistrations';

export interface RunningAgent {
  readonly adminSocket: string;
  readonly viewSocket: string;
  readonly engine: EngineDriver;
  readonly service: ConfigService;
  /** `keepEngines`: a handover (engine/handover.ts) — Kamailio and rtpengine keep running for the next agent. */
  stop(opts?: { keepEngines?: boolean }): Promise<void>;
}

/** A catalog version clients can compare: changes whenever a parameter is added or removed. */
const CATALOG_VERSION = `${AGENT_VERSION}+${CATALOG.length}`;

/** Configuration hashes with node:crypto (same SHA-256 as the portable code in shared/, much faster). */
const nodeSha256Hex: Sha256Parts = (parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/**
 * `enginesDieWithProcess`: the engines still outlive a stop({ keepEngines }) but also get a
 * parent-death signal, so they never outlive this process (in-process tests: a crashed test
 * run must not leave engines holding ports).
 */
export async function startAgent(cfg: AgentConfig, baseLog: RpcLogger = stderrLogger, opts: { enginesDieWithProcess?: boolean } = {}): Promise<RunningAgent> {
  useSha256Hex(nodeSha256Hex);
  // A handover marker is used once: this agent adopts what the previous one left running.
  takeHandover(cfg.socketDir);
  if (cfg.engine.enabled) assertMediaPortsOutsideEphemeral({ min: cfg.engine.rtpPortMin, max: cfg.engine.rtpPortMax });
  const users = cfg.engine.enabled ? resolveEngineUsers(cfg.engine.runAsUser, hostUserLookup, process.getuid?.() ?? -1) : null;
  // Recent agent and engine log lines, for the `logs` topic.
  // A flood (an engine complaining about every packet) is folded and capped on the way in.
  const logRing = new LogRing();
  const logCap = rateCap(logRing, timerClock);
  const logIntake = repeatFolder(logCap, timerClock);
  const log = teeLogger(baseLog, logIntake);
  const secretKey = loadOrCreateSecretKey(cfg.secretKeyFile);
  if (secretKey.created) log.info('created the secret key file; back it up apart from the database', { file: cfg.secretKeyFile });
  const box = new SecretBox(secretKey.key);
  const db = openStore(cfg.dataDir, box);
  const revisions = new RevisionRepo(db, new SecretVault(db, box));
  const audit = new AuditRepo(db);
  // Debug trace: the HEP listener starts first, so kamailio.cfg can name its port.
  let kamailio: KamailioEngineDriver | null = null;
  let service: ConfigService | null = null;
  const trace = await startTraceService({
    clock: timerClock,
    sip: cfg.engine.enabled ? { address: cfg.engine.sipAddress, port: cfg.engine.sipPort } : null,
    rpc: () => kamailio!.rpcClient(),
    snapshot: () => service!.current(),
    log: (level, m, f) => log[level](m, f),
    readProc: (path) => nodeProcFs.read(path),
    hepPort: readHepPort(cfg.dataDir),
  });
  if (trace.settings) writeHepPort(cfg.dataDir, trace.settings.hepPort);
  const engineOptions = {
    ...engineOptionsFromAgentConfig(cfg),
    ...(users && { users }),
    ...(trace.settings && { trace: trace.settings }),
    // Engines outlive the agent: a restart with the handover marker keeps them and their calls.
    host: createNodeProcessHost({ onStderrLine: engineLinesToRing(logIntake), outlive: { logDir: engineDir(cfg), ...(systemdScope() && { scope: systemdScope()! }) }, ...(opts.enginesDieWithProcess && { parentDeathSignal: 'SIGTERM' as const }) }),
    log: (level: 'info' | 'warn', m: string, f?: Record<string, unknown>) => log[level](m, f),
  };
  kamailio = cfg.engine.enabled ? new KamailioEngineDriver(engineOptions) : null;
  const engine: EngineDriver = kamailio ?? new DisabledEngine();
  const hub = new ConnectionHub(AGENT_EVENTS, log);
  const storage = new StorageErrors({ agent: path.join(cfg.dataDir, 'agent.db'), engine: enginePaths(engineOptions.dir, engineOptions.cdrDir).db });
  // Set once the monitor starts (after the service, whose start-up may already report changes).
  const monitorRef: { current?: RunningMonitor; alerts?: RunningAlerts; gateways?: RunningGatewayStatus } = {};

  // The agent's own nftables table goes through every apply, confirm and rollback (firewall/).
  const firewall = startFirewall({
    current: () => service!.current(),
    defaultSipPort: cfg.engine.sipPort,
    rtpPorts: cfg.engine.enabled ? { min: cfg.engine.rtpPortMin, max: cfg.engine.rtpPortMax } : null,
    log,
    audit,
    now: () => timerClock.now(),
    suspensions: kamailio ? () => readSuspensions(kamailioRegistrarEngine(kamailio), () => timerClock.now()) : null,
  });
  service = new ConfigService({
    revisions,
    audit,
    engine: firewall.applier(engineApplier(engine)),
    clock: systemClock,
    log,
    storage,
    onChanged: (e) => {
      log.info(`revision ${e.revision} (${e.kind}, ${e.status}) by ${e.author.user} (${e.author.role})`, { revision: e.revision, hash: e.hash });
      hub.broadcast('config.changed', e);
      monitorRef.current?.configChanged();
      monitorRef.alerts?.configChanged();
      monitorRef.gateways?.configChanged();
    },
  });
  service.recoverPendingOnStartup();
  await firewall.startUp();
  const current = service.current();
  log.info('starting engine', { revision: current.revision, hash: current.hash });
  try {
    await engine.start(current);
  } catch (e) {
    // The agent stays up so an operator can see the error and fix the configuration remotely;
    // the supervisor keeps retrying, and engine.restart starts a fresh attempt.
    log.error('engine did not start', { error: e instanceof Error ? e.message : String(e) });
  }
  // Call records: Kamailio appends them to flatstore files; the agent is their only reader and deleter.
  // Calls refused before a dialog existed have their own table (engine/kamailio/cfgRefusedCalls.ts).
  const ingester = (table: string, parse: CdrIngesterOptions['parse']) =>
    new CdrIngester({
      dir: enginePaths(engineOptions.dir, engineOptions.cdrDir).cdrDir,
      db,
      table,
      ...(parse && { parse }),
      rotate: async () => {
        await kamailio!.rpcClient().call('flatstore.k_rotate');
      },
      // A full or read-only database also shows in engine.status, like a failed apply.
      onError: (e) => log.warn('call record ingestion', { table, error: storage.toRpcError(e, 'agent', null)?.message ?? e.message }),
    });
  const cdrIngesters = kamailio ? [ingester('acc_cdrs', undefined), ingester(REFUSED_TABLE, parseRefusedLine)] : [];
  for (const i of cdrIngesters) i.start();
  const cdrPruner = new CdrPruner({
    db, intervalMs: cfg.cdr.pruneIntervalSec * 1000,
    policy: { maxAgeDays: cfg.cdr.retentionDays, maxRows: cfg.cdr.maxRecords, batchRows: cfg.cdr.pruneBatchRows },
    onError: (e) => log.warn('call record retention', { error: storage.toRpcError(e, 'agent', null)?.message ?? e.message }),
  });
  cdrPruner.start();
  const offState = engine.on('state', (s) => {
    trace.onEngineState(s);
    for (const status of toWireStatus(s)) hub.broadcast('engine.state', status);
  });

  // Gateway status: Kamailio's OPTIONS probes and the mapping gateways' calls (gateways/).
  const gatewayStatus = startGatewayStatus({ current: () => service.current(), rpc: () => kamailioRpcOrNull(kamailio), probeIntervalSec: cfg.engine.gatewayProbeIntervalSec });
  const monitor = startMonitor(cfg, db, kamailio, () => service.current(), log, [storageSampler(() => storage.list().length), gatewayStatus.sampler, cdrPrunerSampler(cdrPruner)]);
  monitor.listen((sample) => gatewayStatus.onSample(sample));
  monitorRef.current = monitor;
  monitorRef.gateways = gatewayStatus;
  const alerts = startAlerts({ db, rules: () => service.current().alertRules, listen: monitor.listen, log });
  monitorRef.alerts = alerts;

  // Current calls: Kamailio's dialogs, read only while someone asks or watches.
  const calls = startCalls({ engine: kamailioCallsEngine(kamailio), clock: timerClock, audit, onProblem: (m) => log.warn(m) });

  const started = Date.now();
  const dispatcher: Dispatcher = Dispatcher.create(
    withGatewayWiseResults(AGENT_METHODS),
    {
      // Changes wait (bounded) for an engine that is starting or restarting, else BUSY with a retry hint;
      // a database the agent cannot write gives STORAGE_FAILED naming it.
      ...withStorageErrors(
        gateOnEngine(configHandlers(service, revisions, () => new Date()), ['config.apply', 'config.rollback', 'config.import'], engine, { clock: timerClock }),
        storage,
      ),
      ...engineHandlers(engine, storage),
      ...monitor.handlers,
      ...withStorageErrors(alerts.handlers, storage),
      ...calls.handlers,
      ...startRegistrations({ engine: kamailioRegistrarEngine(kamailio), now: () => timerClock.now(), audit, onProblem: (m) => log.warn(m) }),
      ...cdrHandlers(db),
      ...gatewayStatus.handlers,
      ...firewall.handlers,
      ...outboundRegistrationHandlers({ current: () => service.current(), rpc: () => kamailioRpcOrNull(kamailio) }),
      ...tlsHandlers({ store: tlsFileStore(tlsPaths(engineOptions.dir)), reload: async () => kamailio?.reloadTls(), audit, now: () => Date.now() }),
      ...traceHandlers(trace.sessions, (id, fn) => {
        const c = hub.list().find((x) => x.id === id);
        if (c) c.onClose(fn);
        else fn();
      }),
      'catalog.get': () => ({ version: CATALOG_VERSION, paramNames: CATALOG.map((p) => p.name) }),
      'agent.info': () => ({
        version: AGENT_VERSION,
        protocolVersion: PROTOCOL_VERSION,
        hostname: os.hostname(),
        uptimeSec: (Date.now() - started) / 1000,
        // Exactly what the hello announces: one list, so a client never sees two answers.
        capabilities: dispatcher.capabilities(),
      }),
    },
    { logs: logsTopic(logRing), ...monitor.topics, ...alerts.topics, trace: traceTopic(trace.sessions), ...calls.topics },
    log,
  );
  const agent = { version: AGENT_VERSION, hostname: os.hostname() };
  const adminSocket = path.join(cfg.socketDir, SOCKETS.admin.file);
  const viewSocket = path.join(cfg.socketDir, SOCKETS.view.file);
  const admin = await startRpcServer({ path: adminSocket, role: 'admin', dispatcher, agent, group: cfg.adminGroup, hub, logger: log });
  const view = await startRpcServer({ path: viewSocket, role: 'view', dispatcher, agent, group: cfg.viewGroup, hub, logger: log });
  log.info('switch-agent ready', { version: AGENT_VERSION, adminSocket, viewSocket, engine: cfg.engine.enabled });

  let stopping: Promise<void> | null = null;
  return {
    adminSocket,
    viewSocket,
    engine,
    service,
    stop: (opts = {}) =>
      (stopping ??= (async () => {
        offState();
        firewall.stop();
        alerts.stop();
        monitor.stop();
        calls.stop();
        await Promise.allSettled([admin.close(), view.close()]);
        await trace.close();
        await engine.stop(opts);
        await Promise.all([...cdrIngesters.map((i) => i.stop()), cdrPruner.stop()]);
        db.close();
        logIntake.flush();
        logCap.flush();
      })()),
  };
}

function engineDir(cfg: AgentConfig): string {
  const dir = engineOptionsFromAgentConfig(cfg).dir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * Under systemd (INVOCATION_ID is set for a unit's processes) each engine runs in a scope of its
 * own, outside the agent's cgroup: stopping or restarting the agent's unit then leaves it to the
 * agent (handover) and to ExecStopPost (`switch-agent stop-engines`).
 */
function systemdScope(): string[] | null {
  return process.env.INVOCATION_ID && existsSync(SYSTEMD_RUN) ? [SYSTEMD_RUN, '--scope', '--collect', '--quiet', '--'] : null;
}
const SYSTEMD_RUN = '/usr/bin/systemd-run';

/** The agent's database; a data folder that is read-only or full is named as such, not as a stack trace. */
function openStore(dataDir: string, box: SecretBox): ReturnType<typeof openAgentDb> {
  try {
    return openAgentDb(dataDir, [...storeMigrations(box), ...CDR_MIGRATIONS, ...MONITOR_MIGRATIONS, ...ALERT_MIGRATIONS], [SEAL_SECRETS_MIGRATION, GATEWAY_ROWS_MIGRATION]);
  } catch (e) {
    if (e instanceof NewerSchemaError) {
      // A downgrade: this build must not guess at a layout it does not know, nor change the file.
      throw new Error(
        `switch-agent ${AGENT_VERSION} cannot start: ${path.join(dataDir, 'agent.db')} was written by a newer switch-agent ` +
          `(it has schema steps this version does not know: ${e.unknownSteps.join(', ')}). Install that newer version again, ` +
          'or restore a copy of the data folder made by this version; the file was left unchanged',
        { cause: e },
      );
    }
    const why = describeStorageFailure(e, 'agent', path.join(dataDir, 'agent.db'));
    throw why ? new Error(`switch-agent cannot start: ${why}`, { cause: e }) : e;
  }
}

/** Runs until SIGTERM/SIGINT, then stops the sockets, the engine and the database in that order. */
export async function serve(cfg: AgentConfig): Promise<void> {
  const running = await startAgent(cfg);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      // The marker stays for ExecStopPost (stop-engines); the next agent removes it when it starts.
      const keepEngines = handoverPending(cfg.socketDir);
      stderrLogger.info('stopping', { signal, ...(keepEngines && { handover: 'engines keep running for the next agent' }) });
      void running.stop({ keepEngines }).then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
