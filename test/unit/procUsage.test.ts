// The /proc readers the engine load rig reports CPU shares and socket drops with.
import { describe, expect, it } from 'vitest';
import { machineJiffies, statCpuMs, statPgrp, udpDrops } from '../integration/engine/procUsage';

// A comm with spaces and parentheses must not shift the fields.
const STAT = '4242 (sipp (uac) x) S 1 4240 4240 0 -1 4194560 100 0 0 0 150 50 30 20 20 0 1 0 100 1000 10 18446744073709551615';

describe('procUsage', () => {
  it('reads utime+stime (and reaped children) from a stat line whose comm holds spaces', () => {
    expect(statPgrp(STAT)).toBe(4240);
    expect(statCpuMs(STAT)).toBe(2000);
    expect(statCpuMs(STAT, true)).toBe(2500);
  });

  it('reads busy and total jiffies of the machine', () => {
    expect(machineJiffies('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3\n')).toEqual({ busy: 150, total: 1000 });
  });

  it('sums the drops of the sockets bound to one address', () => {
    const table = [
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
      '  1: 0100007F:13C4 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 2 0000000000000000 17',
      '  2: 0100007F:13C5 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 2 2 0000000000000000 99',
      '  3: 0100007F:13C4 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3 2 0000000000000000 3',
    ].join('\n');
    expect(udpDrops('127.0.0.1', 5060, table)).toBe(20);
    expect(udpDrops('127.0.0.2', 5060, table)).toBe(0);
  });
});
