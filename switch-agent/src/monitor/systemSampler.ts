// CPU, memory, load, disk space and I/O, network per interface, UDP errors and conntrack, read
// straight from /proc and /sys (a few small files: cheaper than any command).
import { seriesId, seriesSlot } from '@shared/monitor/series';
import {
  looksLikePartition, parseCpuStat, parseDiskstats, parseLoadavg, parseMeminfo, parseMounts, parseNetDev, parseSnmp,
  type CpuTimes,
} from './procParsers';
import { RateTracker } from './rateTracker';
import type { ProcFs, Sampler, SeriesValues } from './types';

const pct = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.max(0, (part / whole) * 100)) : 0);

export class SystemSampler implements Sampler {
  readonly name = 'system';
  private readonly rates = new RateTracker();
  private prevCpu = new Map<string, CpuTimes>();
  private mounts: string[] | null = null;

  constructor(private readonly fs: ProcFs) {}

  sample(nowMs: number): SeriesValues {
    const out: SeriesValues = {};
    const seen = new Set<string>();
    this.cpu(out);
    this.memory(out);
    const load = parseLoadavg(this.fs.read('/proc/loadavg') ?? '');
    if (load) [out['sys.load.1m'], out['sys.load.5m'], out['sys.load.15m']] = load;
    this.filesystems(out);
    this.disks(out, nowMs, seen);
    this.network(out, nowMs, seen);
    this.udp(out, nowMs, seen);
    this.conntrack(out);
    this.rates.retain(seen);
    return out;
  }

  private cpu(out: SeriesValues): void {
    const now = parseCpuStat(this.fs.read('/proc/stat') ?? '');
    for (const [key, cur] of now) {
      const prev = this.prevCpu.get(key);
      if (!prev) continue;
      const dt = cur.total - prev.total;
      const busy = pct(cur.busy - prev.busy, dt);
      if (key === 'total') {
        out['sys.cpu.total'] = busy;
        out['sys.cpu.iowait'] = pct(cur.iowait - prev.iowait, dt);
      } else {
        out[seriesId('sys.cpu.core.{name}', key)] = busy;
      }
    }
    this.prevCpu = now;
  }

  private memory(out: SeriesValues): void {
    const m = parseMeminfo(this.fs.read('/proc/meminfo') ?? '');
    const total = m.get('MemTotal');
    if (total === undefined) return;
    // MemAvailable exists since Linux 3.14; older kernels: free + page cache is the estimate.
    const avail = m.get('MemAvailable') ?? (m.get('MemFree') ?? 0) + (m.get('Cached') ?? 0) + (m.get('Buffers') ?? 0);
    out['sys.mem.total'] = total;
    out['sys.mem.available'] = avail;
    out['sys.mem.used'] = total - avail;
    out['sys.mem.used_pct'] = pct(total - avail, total);
    out['sys.swap.used'] = (m.get('SwapTotal') ?? 0) - (m.get('SwapFree') ?? 0);
  }

  private filesystems(out: SeriesValues): void {
    // Mounts rarely change; re-read them every sample would cost more than the statfs calls.
    this.mounts ??= parseMounts(this.fs.read('/proc/mounts') ?? '');
    for (const mnt of this.mounts) {
      const s = this.fs.statfs(mnt);
      if (!s || s.totalBytes === 0) continue;
      const slot = seriesSlot(mnt);
      // Like df: used against what ordinary users can have (the root reserve is not "free").
      const used = s.totalBytes - s.freeBytes;
      out[seriesId('sys.fs.{name}.used_pct', slot)] = pct(used, used + s.availBytes);
      out[seriesId('sys.fs.{name}.free', slot)] = s.availBytes;
    }
  }

  private disks(out: SeriesValues, t: number, seen: Set<string>): void {
    const isPartition = (name: string) =>
      this.fs.exists(`/sys/class/block/${name}`) ? this.fs.exists(`/sys/class/block/${name}/partition`) : looksLikePartition(name);
    for (const [dev, c] of parseDiskstats(this.fs.read('/proc/diskstats') ?? '', isPartition)) {
      const slot = seriesSlot(dev);
      const ids = ['read', 'write', 'busy_pct'].map((k) => seriesId(`sys.disk.{name}.${k}`, slot));
      const [r = '', w = '', b = ''] = ids;
      ids.forEach((id) => seen.add(id));
      this.rates.put(out, r, c.readBytes, t);
      this.rates.put(out, w, c.writeBytes, t);
      const busy = this.rates.rate(b, c.ioMs, t);
      // ms of I/O per second of wall time → percent.
      if (busy !== undefined) out[b] = Math.min(100, busy / 10);
    }
  }

  private network(out: SeriesValues, t: number, seen: Set<string>): void {
    for (const [iface, c] of parseNetDev(this.fs.read('/proc/net/dev') ?? '')) {
      const slot = seriesSlot(iface);
      const fields: Array<[string, number]> = [
        ['rx_bytes', c.rxBytes], ['tx_bytes', c.txBytes], ['rx_packets', c.rxPackets], ['tx_packets', c.txPackets],
        ['rx_errors', c.rxErrors], ['tx_errors', c.txErrors], ['rx_drops', c.rxDrops], ['tx_drops', c.txDrops],
      ];
      for (const [k, v] of fields) {
        const id = seriesId(`sys.net.{name}.${k}`, slot);
        seen.add(id);
        this.rates.put(out, id, v, t);
      }
    }
  }

  private udp(out: SeriesValues, t: number, seen: Set<string>): void {
    const udp = parseSnmp(this.fs.read('/proc/net/snmp') ?? '', 'Udp');
    for (const [id, key] of [['sys.udp.rcvbuf_errors', 'RcvbufErrors'], ['sys.udp.in_errors', 'InErrors']] as const) {
      const v = udp.get(key);
      if (v === undefined) continue;
      seen.add(id);
      this.rates.put(out, id, v, t);
    }
  }

  private conntrack(out: SeriesValues): void {
    // Present only when the nf_conntrack module is loaded (a firewall with state tracking).
    const count = Number(this.fs.read('/proc/sys/net/netfilter/nf_conntrack_count') ?? NaN);
    const max = Number(this.fs.read('/proc/sys/net/netfilter/nf_conntrack_max') ?? NaN);
    if (Number.isNaN(count)) return;
    out['sys.conntrack.used'] = count;
    if (max > 0) out['sys.conntrack.used_pct'] = pct(count, max);
  }
}
