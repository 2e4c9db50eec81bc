/**
 * What each monitor page draws. A chart names its series by catalog pattern (`{name}` matches any
 * gateway, core or interface the agent reports), so new gateways appear without code changes, and
 * all series of one chart share one unit (one value axis).
 */
import { describeSeries, type SeriesUnit } from '@shared/monitor/series';

export const MONITOR_PAGES = ['system', 'engine', 'media', 'gateways'] as const;
export type MonitorPage = (typeof MONITOR_PAGES)[number];

export interface ChartSpec {
  /** Stable id, also the i18n key under monitor.chart. */
  readonly id: string;
  readonly unit: SeriesUnit;
  /** Fixed ids or patterns with one `{name}` slot; order is the legend order. */
  readonly series: readonly string[];
  /** The first series is a level best read as a filled amount (and its latest value heads the chart). */
  readonly area?: boolean;
  /** Legend name of a family member, `{name}` replaced ("core {name}"); default: the name alone. */
  readonly legend?: string;
}

const c = (id: string, unit: SeriesUnit, series: string[], area = false, legend?: string): ChartSpec => ({ id, unit, series, area, ...(legend ? { legend } : {}) });

export const PAGE_CHARTS: Record<MonitorPage, readonly ChartSpec[]> = {
  system: [
    c('cpu', 'percent', ['sys.cpu.total', 'sys.cpu.iowait'], true),
    c('cpuCores', 'percent', ['sys.cpu.core.{name}'], false, 'core {name}'),
    c('memory', 'bytes', ['sys.mem.used', 'sys.mem.total', 'sys.swap.used']),
    c('load', 'load', ['sys.load.1m', 'sys.load.5m', 'sys.load.15m']),
    c('netBytes', 'bytes/s', ['sys.net.{name}.rx_bytes', 'sys.net.{name}.tx_bytes']),
    c('netPackets', 'packets/s', ['sys.net.{name}.rx_packets', 'sys.net.{name}.tx_packets']),
    c('udpErrors', 'per_s', ['sys.udp.rcvbuf_errors', 'sys.udp.in_errors']),
    c('disk', 'percent', ['sys.fs.{name}.used_pct']),
  ],
  engine: [
    c('calls', 'count', ['engine.calls.active', 'engine.calls.early'], true),
    c('callRates', 'per_s', ['engine.calls.attempts', 'engine.calls.answered', 'engine.calls.failed', 'engine.calls.refused_admission']),
    c('sipRequests', 'per_s', ['engine.sip.requests.total', 'engine.sip.requests.{name}']),
    c('sipReplies', 'per_s', ['engine.sip.replies.{name}']),
    c('unknownSources', 'per_s', ['engine.sip.unauthorized_replied', 'engine.sip.unauthorized_dropped']),
    c('transactions', 'count', ['engine.tm.transactions']),
    c('shm', 'percent', ['engine.shm.used_pct'], true),
  ],
  media: [
    c('rtpSessions', 'count', ['rtp.sessions'], true),
    c('rtpPackets', 'packets/s', ['rtp.packets']),
    c('rtpBytes', 'bytes/s', ['rtp.bytes']),
    c('rtpErrors', 'per_s', ['rtp.errors']),
    c('rtpPorts', 'percent', ['rtp.ports.used_pct']),
  ],
  gateways: [
    c('gwRoutingAttempts', 'per_s', ['gw.routing.{name}.attempts']),
    c('gwRoutingAsr', 'percent', ['gw.routing.{name}.asr']),
    c('gwRoutingAcd', 'seconds', ['gw.routing.{name}.acd']),
    c('gwMappingAttempts', 'per_s', ['gw.mapping.{name}.attempts']),
    c('gwMappingAsr', 'percent', ['gw.mapping.{name}.asr']),
    c('gwMappingAcd', 'seconds', ['gw.mapping.{name}.acd']),
  ],
};

/** Whether this pattern is the one the catalog describes the id by, so "engine.sip.requests.total" is not taken for a method. */
function wanted(pattern: string, id: string): boolean {
  // describeSeries picks the most specific pattern: "engine.sip.requests.total" is fixed, not a method.
  const spec = describeSeries(id);
  return spec !== undefined && spec.id === pattern;
}

/** The concrete ids (from what the agent reports) a chart draws, in the chart's order, then by name. */
export function chartSeries(chart: ChartSpec, available: readonly string[]): string[] {
  const out: string[] = [];
  for (const pattern of chart.series) {
    if (!pattern.includes('{name}')) {
      if (available.includes(pattern)) out.push(pattern);
      continue;
    }
    const [prefix = '', suffix = ''] = pattern.split('{name}');
    const matches = available.filter((id) => id.startsWith(prefix) && id.endsWith(suffix) && id.length > prefix.length + suffix.length && wanted(pattern, id));
    out.push(...matches.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
  }
  return out;
}

/** The catalog's label of a fixed series; the renderer passes one that reads the language table. */
export type SeriesLabel = (pattern: string, catalogLabel: string) => string;

/** A short legend name: the variable part of a family ("gw-a", "lo rx", "INVITE"), or the series' label. */
export function seriesName(id: string, chart: ChartSpec, label: SeriesLabel = (_, l) => l): string {
  for (const pattern of chart.series) {
    if (!pattern.includes('{name}')) {
      if (pattern === id) {
        const spec = describeSeries(id);
        return spec ? label(spec.id, spec.label) : id;
      }
      continue;
    }
    const [prefix = '', suffix = ''] = pattern.split('{name}');
    if (id.startsWith(prefix) && id.endsWith(suffix)) {
      const slot = id.slice(prefix.length, id.length - suffix.length);
      // Kamailio counts methods in lower case; on screen they are the SIP method names.
      const name = prefix === 'engine.sip.requests.' ? slot.toUpperCase() : slot;
      const twin = chart.series.filter((p) => p.includes('{name}')).length > 1;
      // Charts with two families per name (rx and tx) say which one.
      if (twin) return `${name} ${suffix.replace(/^\./, '').replace(/_bytes|_packets/, '')}`;
      return chart.legend ? chart.legend.replace('{name}', name) : name;
    }
  }
  return id;
}
