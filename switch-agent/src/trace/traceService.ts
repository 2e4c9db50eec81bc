// The trace pieces the agent runs, wired once: the loopback HEP listener (only with the engine
// enabled), the session manager fed by it, and the switch that turns Kamailio's siptrace on and
// off over its RPC client. serve.ts builds this before the engine so the cfg can name the port.
import type { ConfigSnapshot } from '@shared/model/snapshot';
import type { Clock } from '../engine/clock';
import type { KamailioTraceSettings } from '../engine/kamailio/traceCfg';
import type { KamailioRpcClient } from '../engine/kamailio/rpcClient';
import type { EngineStatus } from '../engine/types';
import { startHepListener, type HepListener } from './hepListener';
import { CaptureDropWatch } from './captureDrops';
import { parseUdpSocketDrops } from '../monitor/procParsers';
import { ReorderWindow } from './reorderWindow';
import { TraceSessions } from './sessions';
import { captureTimeUs, causalLinks } from './traceItem';
import type { TraceMessage } from './traceIngest';
import type { GatewayEndpoint } from './traceFilter';

export interface TraceServiceOptions {
  clock: Clock;
  /**
   * Kamailio's SIP socket from the agent settings: HEP is sent from a SIP socket, and only from
   * those is HEP read (the configured sipListeners replace this one). Null: engine disabled.
   */
  sip: { address: string; port: number } | null;
  /** Kamailio's RPC client once the engine runs. */
  rpc: () => KamailioRpcClient;
  snapshot: () => ConfigSnapshot;
  log: (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;
  /** Reads a /proc file (null when it cannot): the HEP socket's kernel drop counter. */
  readProc: (path: string) => string | null;
  /** HEP port to bind (the one the previous agent recorded); taken by something else → one the kernel picks. */
  hepPort?: number;
}

export interface TraceService {
  sessions: TraceSessions;
  /** What kamailio.cfg renders (absent without the engine). */
  settings?: KamailioTraceSettings;
  /** Feed of engine states: a Kamailio that (re)started has mirroring off again. */
  onEngineState(s: EngineStatus): void;
  close(): Promise<void>;
}

const HEP_ADDRESS = '127.0.0.1';
/**
 * Messages of different Kamailio workers are put back in capture order within this window: the
 * measured swaps were under 2 ms; 20 ms leaves room on a loaded host and is not felt in a live view.
 */
const REORDER_WINDOW_MS = 20;
const REORDER_MAX_HELD = 5000;
/**
 * A reply whose request has not arrived waits this long for it (Kamailio stamps a sent request
 * after sending it, so on a busy host the reply can come first); replies to requests sent before
 * tracing started wait this long once, then go out.
 */
const REQUEST_WAIT_MS = 300;
const DROP_CHECK_MS = 1000;

export async function startTraceService(o: TraceServiceOptions): Promise<TraceService> {
  let drops: CaptureDropWatch | undefined;
  const sessions = new TraceSessions({
    clock: o.clock,
    capture: async (on) => {
      if (!o.sip) throw new Error('the engine is disabled in the agent settings (engine.enabled = false)');
      await o.rpc().call('siptrace.status', [on ? 'on' : 'off']);
    },
    resolveGateway: (name) => gatewayEndpoints(o.snapshot(), name),
    log: o.log,
    // The count at the moment mirroring starts is each new session's starting point.
    onCaptureSwitched: () => drops?.tick(),
  });
  const inOrder = new ReorderWindow<TraceMessage>({
    clock: o.clock,
    windowMs: REORDER_WINDOW_MS,
    maxHeld: REORDER_MAX_HELD,
    captureUs: captureTimeUs,
    links: causalLinks,
    requestWaitMs: REQUEST_WAIT_MS,
    emit: (m) => sessions.offer(m),
  });
  let listener: HepListener | undefined;
  if (o.sip) {
    const fallback = o.sip;
    // Kamailio sends HEP from whichever of its SIP sockets suits the loopback destination.
    const acceptFrom = (from: { address: string; port: number }) => {
      const listening = o.snapshot().sipListeners ?? [];
      return (listening.length > 0 ? listening : [fallback]).some(
        (l) => l.port === from.port && (l.address === from.address || (l.address === '0.0.0.0' && from.address === HEP_ADDRESS)),
      );
    };
    const listen = (port: number) => startHepListener({ address: HEP_ADDRESS, port, acceptFrom, onMessage: (m) => inOrder.push(m), now: () => o.clock.now() });
    listener = await listen(o.hepPort ?? 0).catch((e: unknown) => {
      if (!o.hepPort) throw e;
      o.log('warn', `trace: HEP port ${o.hepPort} is taken; using another one (the engines start again with it)`);
      return listen(0);
    });
    const local = listener.address;
    drops = new CaptureDropWatch({
      clock: o.clock,
      intervalMs: DROP_CHECK_MS,
      readDrops: () => parseUdpSocketDrops(o.readProc('/proc/net/udp') ?? '', local),
      active: () => sessions.runningCount > 0,
      onLost: (n) => sessions.lostAtCapture(n),
    });
  }
  let kamailioPid: number | null = null;
  return {
    sessions,
    ...(listener && { settings: { hepAddress: HEP_ADDRESS, hepPort: listener.address.port } }),
    onEngineState: (s) => {
      const k = s.kamailio;
      if (k.state !== 'running' || k.pid === kamailioPid) return;
      // Any Kamailio not seen before starts with mirroring off (the first one included: the
      // engine may have started before this feed was attached).
      kamailioPid = k.pid;
      sessions.engineStarted();
    },
    close: async () => {
      drops?.stop();
      await listener?.close();
      inOrder.flush();
      await sessions.close();
    },
  };
}

/** A routing gateway's addresses (host and port) or a mapping gateway's source IPs. */
export function gatewayEndpoints(snapshot: ConfigSnapshot, name: string): GatewayEndpoint[] | undefined {
  const routing = snapshot.routingGateways.find((g) => g.name === name);
  const mapping = snapshot.mappingGateways.find((g) => g.name === name);
  if (!routing && !mapping) return undefined;
  return [...(routing?.addresses.map((a) => ({ ip: a.host, port: a.port })) ?? []), ...(mapping?.ips.map((a) => ({ ip: a.ip, port: a.port })) ?? [])];
}
