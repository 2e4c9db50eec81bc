// Pure parsers of the /proc files the system sampler reads. Each returns raw kernel numbers
// (counters stay counters); turning counters into rates is the sampler's job.

export interface CpuTimes {
  /** Jiffies spent doing anything but idle and iowait. */
  busy: number;
  iowait: number;
  total: number;
}

/** /proc/stat: the "cpu" line (all cores) and one per core, keyed "total", "0", "1", … */
export function parseCpuStat(text: string): Map<string, CpuTimes> {
  const out = new Map<string, CpuTimes>();
  for (const line of text.split('\n')) {
    const m = /^cpu(\d*)\s+(.*)$/.exec(line);
    if (!m) continue;
    const f = (m[2] ?? '').trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user/nice).
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
    const busy = user + nice + system + irq + softirq + steal;
    out.set(m[1] === '' ? 'total' : (m[1] ?? ''), { busy, iowait, total: busy + idle + iowait });
  }
  return out;
}

/** /proc/meminfo in bytes, keyed by the kernel's names (MemTotal, MemAvailable, …). */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (m?.[1] && m[2]) out.set(m[1], Number(m[2]) * (line.includes('kB') ? 1024 : 1));
  }
  return out;
}

export function parseLoadavg(text: string): [number, number, number] | null {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  return a === undefined || b === undefined || c === undefined || [a, b, c].some(Number.isNaN) ? null : [a, b, c];
}

export interface NetCounters {
  rxBytes: number; rxPackets: number; rxErrors: number; rxDrops: number;
  txBytes: number; txPackets: number; txErrors: number; txDrops: number;
}

/** /proc/net/dev, one entry per interface. */
export function parseNetDev(text: string): Map<string, NetCounters> {
  const out = new Map<string, NetCounters>();
  for (const line of text.split('\n')) {
    const m = /^\s*([^\s:]+):\s*(.*)$/.exec(line);
    if (!m?.[1]) continue;
    const f = (m[2] ?? '').trim().split(/\s+/).map(Number);
    if (f.length < 12) continue;
    const v = (i: number) => f[i] ?? 0;
    out.set(m[1], {
      rxBytes: v(0), rxPackets: v(1), rxErrors: v(2), rxDrops: v(3),
      txBytes: v(8), txPackets: v(9), txErrors: v(10), txDrops: v(11),
    });
  }
  return out;
}

/** /proc/net/snmp: a protocol's counters ("Udp" → InErrors, RcvbufErrors, …). */
export function parseSnmp(text: string, proto: string): Map<string, number> {
  const lines = text.split('\n').filter((l) => l.startsWith(`${proto}: `));
  const out = new Map<string, number>();
  const [names, values] = lines.map((l) => l.slice(proto.length + 2).trim().split(/\s+/));
  if (!names || !values) return out;
  names.forEach((n, i) => out.set(n, Number(values[i] ?? NaN)));
  return out;
}

export interface DiskCounters {
  readBytes: number;
  writeBytes: number;
  /** Milliseconds the device had I/O in flight. */
  ioMs: number;
}

/**
 * /proc/diskstats for whole devices only (partitions would count the same I/O twice): a name is
 * a partition when /sys says so; without /sys, names ending in a digit after a letter-only
 * stem are taken as partitions (sda1, vda2, nvme0n1p1).
 */
export function parseDiskstats(text: string, isPartition: (name: string) => boolean): Map<string, DiskCounters> {
  const out = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const name = f[2];
    if (!name || f.length < 14 || /^(loop|ram|zram|sr|fd)\d/.test(name) || isPartition(name)) continue;
    // Sectors are always 512 bytes in diskstats, whatever the device's block size.
    out.set(name, { readBytes: Number(f[5]) * 512, writeBytes: Number(f[9]) * 512, ioMs: Number(f[12]) });
  }
  return out;
}

export function looksLikePartition(name: string): boolean {
  return /^(sd|vd|hd|xvd)[a-z]+\d+$/.test(name) || /^(nvme\d+n\d+|mmcblk\d+)p\d+$/.test(name);
}

const REAL_FS = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'jfs', 'reiserfs', 'vfat', 'exfat', 'ntfs', 'ntfs3']);

/** /proc/mounts → mount points of disk file systems, each device once (bind mounts skipped). */
export function parseMounts(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const [dev, mnt, type] = line.split(' ');
    if (!dev || !mnt || !type || !REAL_FS.has(type) || seen.has(dev)) continue;
    seen.add(dev);
    // Octal escapes (\040 = space) in mount points.
    out.push(mnt.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
  }
  return out;
}

/**
 * /proc/net/udp: the datagrams the kernel dropped at one IPv4 socket (its receive buffer was
 * full), found by its local address and port; null when no such socket is listed. Addresses are
 * in the kernel's hex form, the IPv4 address in host byte order (little-endian here).
 */
export function parseUdpSocketDrops(text: string, local: { address: string; port: number }): number | null {
  const octets = local.address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return null;
  const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
  const key = `${[...octets].reverse().map((o) => hex(o, 2)).join('')}:${hex(local.port, 4)}`;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
    if (f[1] !== key || f.length < 13) continue;
    const drops = Number(f[12]);
    return Number.isInteger(drops) && drops >= 0 ? drops : null;
  }
  return null;
}
