import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SystemSampler } from './systemSampler';
import type { ProcFs } from './types';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/monitor');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** /proc as fixture text; `round` picks the .0 or .1 version of files that change. */
function fixtureFs(extra: Record<string, string> = {}) {
  const state = { round: 0 };
  const files = (): Record<string, string> => ({
    '/proc/stat': fixture(`stat.${state.round}`),
    '/proc/meminfo': fixture('meminfo'),
    '/proc/loadavg': fixture('loadavg'),
    '/proc/net/dev': fixture(`net_dev.${state.round}`),
    '/proc/net/snmp': fixture(`net_snmp.${state.round}`),
    '/proc/diskstats': fixture(`diskstats.${state.round}`),
    '/proc/mounts': fixture('mounts'),
    ...extra,
  });
  const GB = 1024 ** 3;
  const fs: ProcFs = {
    read: (p) => files()[p] ?? null,
    statfs: (m) => (m === '/' ? { totalBytes: 100 * GB, freeBytes: 40 * GB, availBytes: 35 * GB } : m === '/var/log' ? { totalBytes: 10 * GB, freeBytes: 10 * GB, availBytes: 10 * GB } : null),
    exists: () => false,
  };
  return { fs, state };
}

describe('SystemSampler', () => {
  it('reads levels at once and rates from the second sample on', () => {
    const { fs, state } = fixtureFs();
    const s = new SystemSampler(fs);
    const first = s.sample(1_000);
    expect(first['sys.mem.used_pct']).toBe(25);
    expect(first['sys.load.1m']).toBe(0.52);
    expect(first['sys.cpu.total']).toBeUndefined();
    expect(first['sys.net.eth0.rx_bytes']).toBeUndefined();

    state.round = 1;
    const v = s.sample(2_000);
    // busy 1500 → 1650 of 9600 → 10100 jiffies.
    expect(v['sys.cpu.total']).toBeCloseTo(30);
    expect(v['sys.cpu.iowait']).toBeCloseTo(10);
    expect(v['sys.cpu.core.0']).toBeCloseTo(75);
    expect(v['sys.cpu.core.1']).toBeCloseTo(0);
    expect(v['sys.mem.total']).toBe(2_000_000 * 1024);
    expect(v['sys.mem.used']).toBe(500_000 * 1024);
    expect(v['sys.swap.used']).toBe(250_000 * 1024);
    expect([v['sys.load.1m'], v['sys.load.5m'], v['sys.load.15m']]).toEqual([0.52, 0.31, 0.2]);
    expect(v['sys.net.eth0.rx_bytes']).toBe(10_000);
    expect(v['sys.net.eth0.tx_bytes']).toBe(4_000);
    expect(v['sys.net.eth0.rx_packets']).toBe(100);
    expect(v['sys.net.eth0.rx_drops']).toBe(3);
    expect(v['sys.net.eth0.tx_drops']).toBe(1);
    expect(v['sys.net.eth0.rx_errors']).toBe(0);
    expect(v['sys.net.lo.rx_bytes']).toBe(2_000);
    expect(v['sys.udp.rcvbuf_errors']).toBe(10);
    expect(v['sys.udp.in_errors']).toBe(10);
    // Whole disk only: the partition vda1 and loop devices would count the same I/O again.
    expect(v['sys.disk.vda.read']).toBe(200 * 512);
    expect(v['sys.disk.vda.write']).toBe(400 * 512);
    expect(v['sys.disk.vda.busy_pct']).toBe(25);
    expect(Object.keys(v).filter((k) => k.startsWith('sys.disk.vda1') || k.startsWith('sys.disk.loop'))).toEqual([]);
    // Like df: 60 GB used of the 95 GB ordinary users can have.
    expect(v['sys.fs.root.used_pct']).toBeCloseTo((60 / 95) * 100);
    expect(v['sys.fs.root.free']).toBe(35 * 1024 ** 3);
    expect(v['sys.fs.var_log.used_pct']).toBe(0);
    // A bind mount of the same device is not a second file system.
    expect(Object.keys(v).some((k) => k.startsWith('sys.fs.srv'))).toBe(false);
    expect(v['sys.conntrack.used']).toBeUndefined();
  });

  it('reports conntrack only where the kernel tracks connections', () => {
    const { fs } = fixtureFs({ '/proc/sys/net/netfilter/nf_conntrack_count': '512\n', '/proc/sys/net/netfilter/nf_conntrack_max': '2048\n' });
    const v = new SystemSampler(fs).sample(1_000);
    expect(v['sys.conntrack.used']).toBe(512);
    expect(v['sys.conntrack.used_pct']).toBe(25);
  });

  it('gives 0, not a negative spike, when a counter goes back (interface reset)', () => {
    const { fs, state } = fixtureFs();
    const s = new SystemSampler(fs);
    state.round = 1;
    s.sample(1_000);
    state.round = 0;
    expect(s.sample(2_000)['sys.net.eth0.rx_bytes']).toBe(0);
  });

  it('survives missing files (a container without /proc/net/snmp)', () => {
    const fs: ProcFs = { read: () => null, statfs: () => null, exists: () => false };
    expect(new SystemSampler(fs).sample(0)).toEqual({});
  });
});
