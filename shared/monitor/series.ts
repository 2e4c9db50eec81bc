/**
 * The monitor's series catalog: every series id the agent produces, with its unit, so the client
 * (graphs) and alert rules name series by stable strings and never guess units.
 *
 * Ids are dotted paths. Fixed ids (`sys.cpu.total`) are listed as they are; families with a
 * variable part (a core, an interface, a disk, a gateway) are patterns with one `{name}` slot,
 * e.g. `gw.routing.{name}.asr` → `gw.routing.gw-a.asr`. Gateway names may contain dots, so a
 * pattern is matched by its fixed prefix and suffix, never by splitting on dots.
 */
import { z } from 'zod';

export const SERIES_UNITS = [
  'percent', 'bytes', 'bytes/s', 'packets/s', 'per_s', 'count', 'seconds', 'load',
] as const;
export type SeriesUnit = (typeof SERIES_UNITS)[number];

/**
 * gauge: a level read as it is (memory used, active calls).
 * rate: a counter's increase per second over the last sample interval (0 after a counter reset).
 */
export type SeriesKind = 'gauge' | 'rate';

export interface SeriesSpec {
  /** A fixed id, or a pattern with one `{name}` slot. */
  readonly id: string;
  readonly unit: SeriesUnit;
  readonly kind: SeriesKind;
  readonly label: string;
  /**
   * 'ring': kept at 1 s for the last hour and rolled up. 'rollup': only in the 1-minute and 1-hour
   * rollups (and live): per-gateway series come from call records, so 1-s history adds nothing.
   */
  readonly history: 'ring' | 'rollup';
}

const s = (id: string, unit: SeriesUnit, kind: SeriesKind, label: string, history: 'ring' | 'rollup' = 'ring'): SeriesSpec =>
  ({ id, unit, kind, label, history });

export const SIP_METHODS = ['invite', 'ack', 'bye', 'cancel', 'options', 'register', 'info', 'update', 'prack', 'subscribe', 'notify', 'message', 'refer', 'publish'] as const;
export const REPLY_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', '6xx'] as const;

export const SERIES_CATALOG: readonly SeriesSpec[] = [
  s('sys.cpu.total', 'percent', 'gauge', 'CPU busy, all cores'),
  s('sys.cpu.iowait', 'percent', 'gauge', 'CPU waiting for disk, all cores'),
  s('sys.cpu.core.{name}', 'percent', 'gauge', 'CPU busy, one core'),
  s('sys.mem.total', 'bytes', 'gauge', 'Memory installed'),
  s('sys.mem.used', 'bytes', 'gauge', 'Memory used (total minus available)'),
  s('sys.mem.available', 'bytes', 'gauge', 'Memory available'),
  s('sys.mem.used_pct', 'percent', 'gauge', 'Memory used'),
  s('sys.swap.used', 'bytes', 'gauge', 'Swap used'),
  s('sys.load.1m', 'load', 'gauge', 'Load average, 1 minute'),
  s('sys.load.5m', 'load', 'gauge', 'Load average, 5 minutes'),
  s('sys.load.15m', 'load', 'gauge', 'Load average, 15 minutes'),
  s('sys.fs.{name}.used_pct', 'percent', 'gauge', 'Disk space used (mount point, "/" written as "root")'),
  s('sys.fs.{name}.free', 'bytes', 'gauge', 'Disk space free to ordinary users'),
  s('sys.disk.{name}.read', 'bytes/s', 'rate', 'Disk read'),
  s('sys.disk.{name}.write', 'bytes/s', 'rate', 'Disk written'),
  s('sys.disk.{name}.busy_pct', 'percent', 'gauge', 'Disk busy time'),
  s('sys.net.{name}.rx_bytes', 'bytes/s', 'rate', 'Network received'),
  s('sys.net.{name}.tx_bytes', 'bytes/s', 'rate', 'Network sent'),
  s('sys.net.{name}.rx_packets', 'packets/s', 'rate', 'Packets received'),
  s('sys.net.{name}.tx_packets', 'packets/s', 'rate', 'Packets sent'),
  s('sys.net.{name}.rx_errors', 'per_s', 'rate', 'Receive errors'),
  s('sys.net.{name}.tx_errors', 'per_s', 'rate', 'Send errors'),
  s('sys.net.{name}.rx_drops', 'per_s', 'rate', 'Received packets dropped'),
  s('sys.net.{name}.tx_drops', 'per_s', 'rate', 'Packets to send dropped'),
  s('sys.udp.rcvbuf_errors', 'per_s', 'rate', 'UDP datagrams lost: receive buffer full'),
  s('sys.udp.in_errors', 'per_s', 'rate', 'UDP datagrams in error'),
  s('sys.conntrack.used', 'count', 'gauge', 'Connection tracking entries (when the kernel tracks)'),
  s('sys.conntrack.used_pct', 'percent', 'gauge', 'Connection tracking table used'),

  s('engine.up', 'count', 'gauge', '1 while Kamailio answers statistics, else 0'),
  s('engine.calls.active', 'count', 'gauge', 'Calls up (confirmed dialogs)'),
  s('engine.calls.early', 'count', 'gauge', 'Calls ringing (early dialogs)'),
  s('engine.calls.attempts', 'per_s', 'rate', 'Call attempts (new INVITEs received)'),
  s('engine.calls.answered', 'per_s', 'rate', 'Calls answered (dialogs confirmed)'),
  s('engine.calls.failed', 'per_s', 'rate', 'Calls that failed before answer'),
  s('engine.calls.refused_admission', 'per_s', 'rate', 'New calls refused with 503: shared memory nearly used up'),
  s('engine.calls.refused_gateway_limit', 'per_s', 'rate', 'New calls refused with 503: a mapping gateway at its limit, or every routing gateway for the number full'),
  s('engine.calls.refused_media', 'per_s', 'rate', 'New calls refused with 503: rtpengine could not anchor their media (out of ports or not answering)'),
  s('engine.calls.gateway_skipped_limit', 'per_s', 'rate', 'Routing gateways skipped because they were at their concurrent-call or calls-per-second limit'),
  s('engine.sip.requests.{name}', 'per_s', 'rate', 'SIP requests received by method (lower case)'),
  s('engine.sip.requests.total', 'per_s', 'rate', 'SIP requests received'),
  s('engine.sip.replies.{name}', 'per_s', 'rate', 'SIP replies sent by class (1xx … 6xx)'),
  s('engine.sip.unauthorized_replied', 'per_s', 'rate', 'Requests from unknown sources answered 403'),
  s('engine.sip.unauthorized_dropped', 'per_s', 'rate', 'Requests from unknown sources dropped silently'),
  s('engine.tm.transactions', 'count', 'gauge', 'SIP transactions in memory'),
  s('engine.tm.created', 'per_s', 'rate', 'SIP transactions created'),
  s('engine.registrations', 'count', 'gauge', 'Registered contacts (0: the switch has no registrar)'),
  s('engine.shm.used_pct', 'percent', 'gauge', 'Kamailio shared memory used'),

  s('rtp.up', 'count', 'gauge', '1 while rtpengine answers statistics, else 0'),
  s('rtp.sessions', 'count', 'gauge', 'Media sessions'),
  s('rtp.packets', 'packets/s', 'rate', 'Media packets relayed'),
  s('rtp.bytes', 'bytes/s', 'rate', 'Media bytes relayed'),
  s('rtp.errors', 'per_s', 'rate', 'Media packets that could not be relayed'),
  s('rtp.ports.free', 'count', 'gauge', 'Free media ports'),
  s('rtp.ports.used_pct', 'percent', 'gauge', 'Media ports used'),

  s('agent.storage.problems', 'count', 'gauge', 'Databases the agent cannot write (see engine status, storage)'),
  s('agent.cdr.pruned', 'per_s', 'rate', 'Call records deleted by retention (older than the retention days, or beyond the maximum count)'),

  s('gw.routing.{name}.active', 'count', 'gauge', 'Calls up through this routing gateway (answered, not yet ended)', 'rollup'),
  s('gw.mapping.{name}.active', 'count', 'gauge', 'Calls up from this mapping gateway (answered, not yet ended)', 'rollup'),
  s('gw.routing.{name}.capacity_pct', 'percent', 'gauge', 'Calls up as a share of the gateway\'s maximum concurrent calls (when one is set)', 'rollup'),
  s('gw.mapping.{name}.capacity_pct', 'percent', 'gauge', 'Calls up as a share of the gateway\'s maximum concurrent calls (when one is set)', 'rollup'),
  s('gw.mapping.{name}.refused_limit', 'per_s', 'rate', 'Calls from this mapping gateway refused with 503 at its concurrent-call or calls-per-second limit', 'rollup'),
  s('gw.routing.{name}.skipped_limit', 'per_s', 'rate', 'Times this routing gateway was skipped at its concurrent-call or calls-per-second limit', 'rollup'),
  s('gw.routing.{name}.attempts', 'per_s', 'rate', 'Calls ended that were sent to this routing gateway', 'rollup'),
  s('gw.routing.{name}.answered', 'per_s', 'rate', 'Calls ended that this routing gateway answered', 'rollup'),
  s('gw.routing.{name}.asr', 'percent', 'gauge', 'Answer-seizure ratio over the last window of ended calls', 'rollup'),
  s('gw.routing.{name}.acd', 'seconds', 'gauge', 'Average duration of answered calls over the last window', 'rollup'),
  s('gw.routing.{name}.calls_window', 'count', 'gauge', 'Calls ended in the window ASR and ACD are taken over (5 minutes)', 'rollup'),
  s('gw.mapping.{name}.attempts', 'per_s', 'rate', 'Calls ended that came from this mapping gateway', 'rollup'),
  s('gw.mapping.{name}.answered', 'per_s', 'rate', 'Calls ended from this mapping gateway that were answered', 'rollup'),
  s('gw.mapping.{name}.asr', 'percent', 'gauge', 'Answer-seizure ratio over the last window of ended calls', 'rollup'),
  s('gw.mapping.{name}.acd', 'seconds', 'gauge', 'Average duration of answered calls over the last window', 'rollup'),
  s('gw.mapping.{name}.calls_window', 'count', 'gauge', 'Calls ended in the window ASR and ACD are taken over (5 minutes)', 'rollup'),
  // Gateway status (switch-agent/src/gateways): routing gateways with OPTIONS probing on, mapping gateways by their calls.
  s('gw.routing.{name}.up', 'count', 'gauge', 'Routing gateway answers SIP OPTIONS: 1 up, 0 down (only gateways with probing on)', 'rollup'),
  s('gw.mapping.{name}.online', 'count', 'gauge', 'Mapping gateway had calls recently: 1 online, 0 offline', 'rollup'),
  s('gw.status.routing_up', 'count', 'gauge', 'Probed routing gateways that answer SIP OPTIONS'),
  s('gw.status.routing_down', 'count', 'gauge', 'Probed routing gateways that do not answer SIP OPTIONS (calls skip them)'),
  s('gw.status.mapping_online', 'count', 'gauge', 'Mapping gateways with calls in the last 5 minutes'),
  s('gw.status.mapping_offline', 'count', 'gauge', 'Mapping gateways without calls in the last 5 minutes'),
];

/** Characters a series id may hold (gateway names bring upper case and dots). */
export const SERIES_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,160}$/;
export const SeriesIdSchema = z.string().regex(SERIES_ID_PATTERN, 'must be 1–160 letters, digits or . _ : -');
/** A series id, or a prefix ending in "*" that selects every id starting with it ("gw.routing.*"). */
export const SeriesSelectorSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{0,160}\*?$/, 'must be a series id, or the start of one followed by "*"')
  .min(1);

/** Turns any name (a mount point, an interface) into a slot value: "/" → "root", "/var/log" → "var_log". */
export function seriesSlot(raw: string): string {
  if (raw === '/') return 'root';
  const cleaned = raw.replace(/^\/+/, '').replace(/[^A-Za-z0-9_.:-]/g, '_');
  return cleaned.length > 0 ? cleaned.slice(0, 100) : '_';
}

export function seriesId(pattern: string, name: string): string {
  return pattern.replace('{name}', name);
}

const FIXED = new Map(SERIES_CATALOG.filter((x) => !x.id.includes('{name}')).map((x) => [x.id, x]));
const PATTERNS = SERIES_CATALOG.filter((x) => x.id.includes('{name}')).map((x) => {
  const [prefix = '', suffix = ''] = x.id.split('{name}');
  return { spec: x, prefix, suffix };
});

/** The catalog entry describing a concrete id, or undefined for an id the agent never makes. */
export function describeSeries(id: string): SeriesSpec | undefined {
  const fixed = FIXED.get(id);
  if (fixed) return fixed;
  // Longest fixed part first, so "engine.sip.requests.total" (fixed) wins above, and
  // "sys.fs.{name}.used_pct" beats a shorter pattern that could also match.
  let best: { spec: SeriesSpec; len: number } | undefined;
  for (const p of PATTERNS) {
    if (id.length > p.prefix.length + p.suffix.length && id.startsWith(p.prefix) && id.endsWith(p.suffix)) {
      const len = p.prefix.length + p.suffix.length;
      if (!best || len > best.len) best = { spec: p.spec, len };
    }
  }
  return best?.spec;
}

/** Whether an id is selected by a list of selectors (absent list: everything). */
export function selectsSeries(selectors: readonly string[] | undefined, id: string): boolean {
  if (!selectors) return true;
  return selectors.some((sel) => (sel.endsWith('*') ? id.startsWith(sel.slice(0, -1)) : id === sel));
}
