// Engine supervision with real Kamailio and rtpengine: engines an earlier driver left running are
// stopped before a new start, a start that fails is retried and can be restarted on request, and
// status probes the engines rather than trusting the supervisor.
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSnapshotSchema } from '@shared/model/snapshot';
import { KamailioEngineDriver } from '../../../switch-agent/src/engine/driver';
import type { KamailioEngineOptions } from '../../../switch-agent/src/engine/driverOptions';
import { createNodeProcessHost } from '../../../switch-agent/src/engine/nodeProcessHost';
import type { ChildHandle, ProcessHost } from '../../../switch-agent/src/engine/supervisor';
import { processesWith, udpSocketOwners } from '../agent/engineCensus';
import { freeUdpPort, haveBinary, SETTLE_MS, waitFor } from './procs';

const IP = '127.0.0.1';
const snapshot = ConfigSnapshotSchema.parse({ revision: 1, hash: '0'.repeat(64) });

const missing = ['kamailio', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`engine supervision tests need ${missing.join(', ')}`);

/**
 * The real host, except that after abandon() the driver no longer hears about or signals its
 * children: what an agent that died looks like to the engines it started, when the parent-death
 * signal did not reach them (kamailio -u drops it; a death between fork and prctl misses it).
 */
function abandonableHost(): { host: ProcessHost; abandon: () => void } {
  const real = createNodeProcessHost({ parentDeathSignal: null });
  let abandoned = false;
  return {
    abandon: () => (abandoned = true),
    host: {
      spawn(name, spec): ChildHandle {
        const c = real.spawn(name, spec);
        return {
          get pid() {
            return c.pid;
          },
          onExit: (cb) => c.onExit((code, sig) => !abandoned && cb(code, sig)),
          killGroup: (sig) => !abandoned && c.killGroup(sig),
          logTail: () => c.logTail?.() ?? '',
        };
      },
    },
  };
}

describe.skipIf(missing.length > 0)('engine supervision', () => {
  let dir = '';
  const rtpBase = 14_000 + (process.pid % 200) * 20;
  const drivers: KamailioEngineDriver[] = [];
  let options: (over?: Partial<KamailioEngineOptions>) => KamailioEngineOptions;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-supervision-'));
    const sipPort = await freeUdpPort(IP);
    const ngPort = await freeUdpPort(IP);
    options = (over = {}) => ({
      dir: join(dir, 'engine'),
      kamailioBin: 'kamailio', rtpengineBin: 'rtpengine',
      sip: { address: IP, port: sipPort },
      rtpengine: { interface: IP, ngPort, portMin: rtpBase, portMax: rtpBase + 19 },
      shmMb: 64, pkgMb: 8, udpWorkers: 2, logLevel: 1, readyTimeoutMs: 5000,
      backoff: { baseMs: 200, maxMs: 1000, resetAfterMs: 60_000, killAfterMs: 2000 },
      ...over,
    });
  });

  afterEach(async () => {
    await Promise.allSettled(drivers.splice(0).map((d) => d.stop()));
  });

  afterAll(async () => {
    // Abandoned engines are stopped by the next driver; anything left runs our cfg and is ours.
    for (const p of processesWith(join(dir, 'engine', 'kamailio.cfg'))) process.kill(p.pid, 'SIGKILL');
    for (const p of processesWith(`--listen-ng=${IP}:${options().rtpengine.ngPort}`)) process.kill(p.pid, 'SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const driver = (over?: Partial<KamailioEngineOptions>) => {
    const d = new KamailioEngineDriver(options(over));
    drivers.push(d);
    return d;
  };

  it('stops the engines a dead predecessor left running before starting its own, and removes their files', async () => {
    const old = abandonableHost();
    const a = new KamailioEngineDriver(options({ host: old.host }));
    await a.start(snapshot);
    const oldPids = { kamailio: a.status().kamailio.pid!, rtpengine: a.status().rtpengine.pid! };
    old.abandon();
    // A dead agent (another pid) also leaves its RPC reply FIFO behind.
    const deadReply = `switchdeck_rpc_${process.pid + 100_000}_1`;
    execFileSync('mkfifo', [join(dir, 'engine', deadReply)]);

    const logged: string[] = [];
    const b = driver({ log: (_level, m, f) => logged.push(`${m} ${JSON.stringify(f)}`) });
    await b.start(snapshot);
    const s = await b.probe();
    expect(s.kamailio.state).toBe('running');
    expect(s.rtpengine.state).toBe('running');
    const kam = processesWith(join(dir, 'engine', 'kamailio.cfg'));
    expect(new Set(kam.map((p) => p.pgid))).toEqual(new Set([s.kamailio.pid]));
    // A predecessor's process half way through its exit (command line gone, socket not yet closed)
    // can hold the port for a few more milliseconds (more on a loaded machine): wait for it, bounded.
    // The new Kamailio's group is read again each round: under load it still forks a worker after
    // answering RPC (seen: an owner of the port missing from `kam`, all owners in the new group).
    await waitFor('only the new Kamailio on the SIP port', SETTLE_MS, () => {
      const group = new Set(processesWith(join(dir, 'engine', 'kamailio.cfg')).filter((p) => p.pgid === s.kamailio.pid).map((p) => p.pid));
      return udpSocketOwners(IP, options().sip.port).every((p) => group.has(p)) ? true : undefined;
    });
    expect(udpSocketOwners(IP, options().rtpengine.ngPort)).toEqual([s.rtpengine.pid]);
    expect(kam.some((p) => p.pid === oldPids.kamailio)).toBe(false);
    expect(logged.join('\n')).toMatch(new RegExp(`stopped engine processes a previous agent left running .*${oldPids.kamailio}`));
    expect(readdirSync(join(dir, 'engine'))).not.toContain(deadReply);
  });

  it('reports a kamailio that does not answer its FIFO as failed, though the supervisor thinks it runs', async () => {
    const d = driver();
    await d.start(snapshot);
    const pgid = d.status().kamailio.pid!;
    process.kill(-pgid, 'SIGSTOP');
    try {
      const s = await d.probe();
      expect(d.status().kamailio.state).toBe('running');
      expect(s.kamailio.state).toBe('failed');
      expect(s.kamailio.lastError).toMatch(new RegExp(`pid ${pgid} does not answer on its control FIFO: kamailio rpc core.psx: no reply`));
      expect(s.rtpengine.state).toBe('running');
    } finally {
      process.kill(-pgid, 'SIGCONT');
    }
    expect((await d.probe()).kamailio.state).toBe('running');
  });

  describe('when the SIP port is taken at the first start', () => {
    let blocker: Socket | null = null;
    const block = () =>
      new Promise<void>((resolve, reject) => {
        // Without SO_REUSEADDR, so Kamailio's bind (with it) fails.
        blocker = createSocket({ type: 'udp4', reuseAddr: false });
        blocker.once('error', reject);
        blocker.bind(options().sip.port, IP, () => resolve());
      });
    const unblock = () =>
      new Promise<void>((r) => {
        const b = blocker;
        blocker = null;
        if (b) b.close(() => r());
        else r();
      });
    afterEach(unblock);

    it('keeps retrying with backoff, says why with Kamailio\'s output, and runs once the port is free', async () => {
      await block();
      const d = driver();
      const states: string[] = [];
      d.on('state', (s) => states.push(`${s.kamailio.state}: ${s.kamailio.lastError ?? ''}`));
      await expect(d.start(snapshot)).rejects.toThrow(/kamailio/);
      const s = d.status().kamailio;
      expect(s.state).toBe('backoff');
      expect(s.lastError).toMatch(/kamailio (exited while starting|failed to start).*output: .*(bind|Address already in use)/s);
      expect(states.some((x) => x.startsWith('backoff: ') && /Address already in use|bind/.test(x))).toBe(true);
      await unblock();
      await waitFor('kamailio running after the port was freed', 15_000, () => (d.status().kamailio.state === 'running' ? true : undefined));
      expect((await d.probe()).kamailio.state).toBe('running');
    }, 30_000);

    it('restarts on request after a failed first start', async () => {
      await block();
      const d = driver({ backoff: { baseMs: 30_000, maxMs: 30_000, resetAfterMs: 60_000, killAfterMs: 2000 } });
      await expect(d.start(snapshot)).rejects.toThrow(/kamailio/);
      await unblock();
      await d.restart('kamailio');
      expect((await d.probe()).kamailio.state).toBe('running');
    }, 30_000);
  });
});
