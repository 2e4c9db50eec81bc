// What the kernel dropped at the HEP socket reaches the sessions that were running: the
// /proc/net/udp parser, the periodic reading (only while sessions run), and the accounting.
import { describe, expect, it } from 'vitest';
import { AGENT_METHODS } from '@shared/rpc/agentApi';
import { FakeClock } from '../../doubles/agent/fakeClock';
import { parseUdpSocketDrops } from '../../../switch-agent/src/monitor/procParsers';
import { CaptureDropWatch } from '../../../switch-agent/src/trace/captureDrops';
import { TraceSessions } from '../../../switch-agent/src/trace/sessions';

// Two real lines from this machine's /proc/net/udp (127.0.0.1:39091 and 0.0.0.0:5060), drops last.
const PROC_NET_UDP = [
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            ',
  '  163: 0100007F:98B3 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 48211 2 0000000000000000 1234       ',
  '  891: 00000000:13C4 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 48212 2 0000000000000000 0          ',
  '',
].join('\n');

describe('parseUdpSocketDrops', () => {
  it('finds the socket by address and port and reads its drops', () => {
    expect(parseUdpSocketDrops(PROC_NET_UDP, { address: '127.0.0.1', port: 39091 })).toBe(1234);
    expect(parseUdpSocketDrops(PROC_NET_UDP, { address: '0.0.0.0', port: 5060 })).toBe(0);
  });
  it('is null for a socket that is not listed or an address it cannot read', () => {
    expect(parseUdpSocketDrops(PROC_NET_UDP, { address: '127.0.0.2', port: 39091 })).toBeNull();
    expect(parseUdpSocketDrops(PROC_NET_UDP, { address: '::1', port: 39091 })).toBeNull();
    expect(parseUdpSocketDrops('', { address: '127.0.0.1', port: 39091 })).toBeNull();
  });
});

describe('CaptureDropWatch', () => {
  function rig() {
    const clock = new FakeClock(0);
    let drops: number | null = 100;
    let active = false;
    const lost: number[] = [];
    const watch = new CaptureDropWatch({ clock, intervalMs: 1000, readDrops: () => drops, active: () => active, onLost: (n) => lost.push(n) });
    return { clock, watch, lost, set: (d: number | null) => (drops = d), activate: (a: boolean) => (active = a) };
  }

  it('reports growth only while sessions run, from the count when they started', () => {
    const r = rig();
    r.set(150);
    r.clock.advance(3000);
    expect(r.lost).toEqual([]);
    r.activate(true);
    r.watch.tick(); // mirroring switched on: the starting point
    r.set(170);
    r.clock.advance(1000);
    r.clock.advance(1000);
    r.set(175);
    r.clock.advance(1000);
    expect(r.lost).toEqual([20, 5]);
    r.activate(false);
    r.set(500);
    r.clock.advance(2000);
    r.activate(true);
    r.watch.tick();
    r.clock.advance(1000);
    expect(r.lost).toEqual([20, 5]);
  });

  it('starts over when the counter goes back (a new socket) and skips unreadable readings', () => {
    const r = rig();
    r.activate(true);
    r.watch.tick();
    r.set(null);
    r.clock.advance(1000);
    r.set(3);
    r.clock.advance(1000);
    r.set(10);
    r.clock.advance(1000);
    expect(r.lost).toEqual([7]);
    r.watch.stop();
    r.set(99);
    r.clock.advance(5000);
    expect(r.lost).toEqual([7]);
    expect(r.clock.pending()).toBe(0);
  });
});

describe('TraceSessions.lostAtCapture', () => {
  it('adds to every running session, not to stopped ones, and tells their readers', async () => {
    const clock = new FakeClock(1_000_000);
    const switched: boolean[] = [];
    const sessions = new TraceSessions({ clock, capture: async () => undefined, resolveGateway: () => undefined, onCaptureSwitched: (on) => switched.push(on) });
    const start = (owner: string) => sessions.start(owner, AGENT_METHODS['trace.start'].params.parse({}));
    const a = await start('c1');
    const b = await start('c2');
    expect(switched).toEqual([true]);
    let told = 0;
    sessions.get(b.sessionId)!.watch(() => told++);
    sessions.lostAtCapture(40);
    sessions.stop('c1', a.sessionId, false);
    sessions.lostAtCapture(2);
    sessions.lostAtCapture(0);
    expect(sessions.list('c1').map((s) => [s.sessionId, s.lostAtCapture])).toEqual([[a.sessionId, 40], [b.sessionId, 42]]);
    expect(told).toBe(2);
  });
});
