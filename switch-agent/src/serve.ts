// `switch-agent serve`: the daemon's composition root. Everything with a side effect is built here
// and handed to logic that only sees interfaces.
import os from 'node:os';
import path from 'node:path';
import { CATALOG } from '@shared/catalog';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import { AGENT_EVENTS } from '@shared/rpc/events';
import { BASE_CAPABILITIES, PROTOCOL_VERSION, SOCKETS } from '@shared/rpc/protocol';
import { configHandlers } from './api/configHandlers';
import { engineHandlers, toWireStatus } from './api/engineHandlers';
import { CdrIngester } from './cdr/ingester';
import { CDR_MIGRATIONS } from './cdr/migrations';
import type { AgentConfig } from './config/agentConfig';
import { DisabledEngine } from './engine/disabledEngine';
import { engineApplier } from './engine/engineApplier';
import { KamailioEngineDriver, engineOptionsFromAgentConfig } from './engine';
import { enginePaths } from './engine/engineFiles';
import { createNodeProcessHost } from './engine/nodeProcessHost';
import type { EngineDriver } from './engine/types';
import { LogRing, engineLinesToRing, logsTopic, teeLogger } from './logs';
import { MONITOR_MIGRATIONS, startMonitor, type RunningMonitor } from './monitor';
import { ConnectionHub, Dispatcher, startRpcServer, stderrLogger, type RpcLogger } from './rpc';
import { AuditRepo } from './store/auditRepo';
import { ConfigService } from './store/configService';
import { openAgentDb } from './store/openAgentDb';
import { systemClock } from './store/ports';
import { RevisionRepo } from './store/revisionRepo';
import { STORE_MIGRATIONS } from './store/storeMigrations';
import { AGENT_VERSION } from './version';

export interface RunningAgent {
  readonly adminSocket: string;
  readonly viewSocket: string;
  readonly engine: EngineDriver;
  readonly service: ConfigService;
  stop(): Promise<void>;
}

/** A catalog version clients can compare: changes whenever a parameter is added or removed. */
const CATALOG_VERSION = `${AGENT_VERSION}+${CATALOG.length}`;

export async function startAgent(cfg: AgentConfig, baseLog: RpcLogger = stderrLogger): Promise<RunningAgent> {
  // Recent agent and engine log lines, for the `logs` topic.
  const logRing = new LogRing();
  const log = teeLogger(baseLog, logRing);
  const db = openAgentDb(cfg.dataDir, [...STORE_MIGRATIONS, ...CDR_MIGRATIONS, ...MONITOR_MIGRATIONS]);
  const revisions = new RevisionRepo(db);
  const audit = new AuditRepo(db);
  const engineOptions = { ...engineOptionsFromAgentConfig(cfg), host: createNodeProcessHost({ onStderrLine: engineLinesToRing(logRing) }) };
  const kamailio = cfg.engine.enabled ? new KamailioEngineDriver(engineOptions) : null;
  const engine: EngineDriver = kamailio ?? new DisabledEngine();
  const hub = new ConnectionHub(AGENT_EVENTS, log);
  // Set once the monitor starts (after the service, whose start-up may already report changes).
  const monitorRef: { current?: RunningMonitor } = {};

  const service = new ConfigService({
    revisions,
    audit,
    engine: engineApplier(engine),
    clock: systemClock,
    log,
    onChanged: (e) => {
      log.info(`revision ${e.revision} (${e.kind}, ${e.status}) by ${e.author.user} (${e.author.role})`, { revision: e.revision, hash: e.hash });
      hub.broadcast('config.changed', e);
      monitorRef.current?.configChanged();
    },
  });
  service.recoverPendingOnStartup();
  const current = service.current();
  log.info('starting engine', { revision: current.revision, hash: current.hash });
  try {
    await engine.start(current);
  } catch (e) {
    // The agent stays up so an operator can see the error and fix the configuration remotely.
    log.error('engine did not start', { error: e instanceof Error ? e.message : String(e) });
  }
  // Call records: Kamailio appends them to flatstore files; the agent is their only reader and deleter.
  const cdrs = kamailio
    ? new CdrIngester({
        dir: enginePaths(engineOptions.dir, engineOptions.cdrDir).cdrDir,
        db,
        rotate: async () => {
          await kamailio.rpcClient().call('flatstore.k_rotate');
        },
        onError: (e) => log.warn('call record ingestion', { error: e.message }),
      })
    : null;
  cdrs?.start();
  const offState = engine.on('state', (s) => {
    for (const status of toWireStatus(s)) hub.broadcast('engine.state', status);
  });

  const monitor = startMonitor(cfg, db, kamailio, () => service.current(), log);
  monitorRef.current = monitor;

  const started = Date.now();
  const dispatcher = Dispatcher.create(
    AGENT_METHODS,
    {
      ...configHandlers(service, revisions, () => new Date()),
      ...engineHandlers(engine),
      ...monitor.handlers,
      'catalog.get': () => ({ version: CATALOG_VERSION, paramNames: CATALOG.map((p) => p.name) }),
      'agent.info': () => ({
        version: AGENT_VERSION,
        protocolVersion: PROTOCOL_VERSION,
        hostname: os.hostname(),
        uptimeSec: (Date.now() - started) / 1000,
        capabilities: [...BASE_CAPABILITIES, ...(cfg.engine.enabled ? ['engine'] : [])],
      }),
    },
    { logs: logsTopic(logRing), ...monitor.topics },
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
    stop: () =>
      (stopping ??= (async () => {
        offState();
        monitor.stop();
        await Promise.allSettled([admin.close(), view.close()]);
        await engine.stop();
        await cdrs?.stop();
        db.close();
      })()),
  };
}

/** Runs until SIGTERM/SIGINT, then stops the sockets, the engine and the database in that order. */
export async function serve(cfg: AgentConfig): Promise<void> {
  const running = await startAgent(cfg);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      stderrLogger.info('stopping', { signal });
      void running.stop().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
