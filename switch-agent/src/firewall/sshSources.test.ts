import { describe, expect, it } from 'vitest';
import { parseSshSources } from './sshSources';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1254 1 0000000000000000 100 0 0 10 0
   1: 0100630A:0016 0200630A:C350 01 00000000:00000000 02:0000A1F2 00000000     0        0 3342 2 0000000000000000 20 4 30 10 -1
   2: 0100630A:0016 0900630A:C351 06 00000000:00000000 03:00001474 00000000     0        0 0 3 0000000000000000
   3: 0100630A:1F90 0300630A:C352 01 00000000:00000000 02:0000A1F2 00000000     0        0 3343 2 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0000000000000000FFFF00000100630A:0016 0000000000000000FFFF00000400630A:D000 01 00000000:00000000 02:0000A1F2 00000000     0        0 3344 2 0000000000000000 20 4 30 10 -1
   1: 00000000000000000000000001000000:0016 00000000000000000000000001000000:D001 01 00000000:00000000 02:0000A1F2 00000000     0        0 3345 2 0000000000000000 20 4 30 10 -1
   2: 990000FD000000000000000001000000:0016 990000FD000000000000000002000000:D002 01 00000000:00000000 02:0000A1F2 00000000     0        0 3346 2 0000000000000000 20 4 30 10 -1
`;

describe('parseSshSources', () => {
  it('lists the sources of established connections to the SSH port: IPv4, IPv4-mapped as IPv4, and IPv6 compressed', () => {
    // Row 2 is TIME_WAIT (06) and row 3 goes to another port: neither is an SSH session now.
    expect(parseSshSources([TCP, TCP6], 22)).toEqual(['10.99.0.2', '10.99.0.4', '::1', 'fd00:99::2']);
  });

  it('follows the configured SSH port, and reads nothing from empty or unreadable tables', () => {
    expect(parseSshSources([TCP], 8080)).toEqual(['10.99.0.3']);
    expect(parseSshSources(['', 'garbage\nnot a row'], 22)).toEqual([]);
  });
});
