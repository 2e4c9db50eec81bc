import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/doubles/agent/fakeClock';
import { backoffDelay, DEFAULT_BACKOFF, SupervisedProcess } from './supervisor';
import type { ChildHandle, ProcessHost } from './supervisor';

class FakeChild implements ChildHandle {
  signals: string[] = [];
  private cbs: ((c: number | null, s: string | null) => void)[] = [];
  constructor(readonly pid: number, private readonly ignoreTerm = false, private readonly output = '') {}
  logTail() {
    return this.output;
  }
  onExit(cb: (c: number | null, s: string | null) => void) {
    this.cbs.push(cb);
  }
  killGroup(signal: 'SIGTERM' | 'SIGKILL') {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || !this.ignoreTerm) this.exit(null, signal);
  }
  exit(code: number | null, signal: string | null) {
    const cbs = this.cbs;
    this.cbs = [];
    cbs.forEach((cb) => cb(code, signal));
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

function setup(opts: { ignoreTerm?: boolean; readyFails?: () => boolean; output?: string } = {}) {
  const clock = new FakeClock(0);
  const children: FakeChild[] = [];
  const adopted: FakeChild[] = [];
  const host: ProcessHost = {
    spawn: () => {
      const c = new FakeChild(100 + children.length, opts.ignoreTerm, opts.output);
      children.push(c);
      return c;
    },
    adopt: (_name, pid) => {
      const c = new FakeChild(pid, opts.ignoreTerm, opts.output);
      adopted.push(c);
      return c;
    },
  };
  const started: number[] = [];
  const p = new SupervisedProcess({
    name: 'kamailio', host, clock,
    spec: () => ({ command: 'kamailio', args: [], cwd: '/' }),
    ready: async () => {
      if (opts.readyFails?.()) throw new Error('no RPC answer');
    },
    onStarted: (pid) => started.push(pid),
  });
  return { clock, children, adopted, p, started };
}

describe('backoffDelay', () => {
  it('doubles from 0.5 s up to 30 s', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => backoffDelay(DEFAULT_BACKOFF, n))).toEqual([500, 1000, 2000, 4000, 30_000, 30_000, 30_000]);
  });
});

describe('SupervisedProcess', () => {
  it('adopts a running engine without spawning, restarts it on exit like a child, and release() leaves it running', async () => {
    const { clock, children, adopted, p } = setup();
    await p.adopt(4242);
    expect(children).toHaveLength(0);
    expect(p.status()).toMatchObject({ state: 'running', pid: 4242, restarts: 0 });

    adopted[0]!.exit(null, null);
    expect(adopted[0]!.signals).toEqual(['SIGKILL']); // its workers may still hold the SIP port
    clock.advance(500);
    await flush();
    expect(p.status()).toMatchObject({ state: 'running', pid: 100, restarts: 1 });

    p.release();
    expect(children[0]!.signals).toEqual([]);
    expect(p.status()).toMatchObject({ state: 'stopped', pid: null });
    children[0]!.exit(0, null);
    clock.advance(60_000);
    await flush();
    expect(children).toHaveLength(1);
  });

  it('stops an adopted engine that does not answer, and rejects so the caller starts a fresh one', async () => {
    const { adopted, p } = setup({ readyFails: () => true });
    await expect(p.adopt(4242)).rejects.toThrow('no RPC answer');
    expect(adopted[0]!.signals).toEqual(['SIGTERM', 'SIGKILL']); // then the rest of its group
    expect(p.status()).toMatchObject({ state: 'stopped', pid: null });
  });

  it('restarts after an unexpected exit with doubling delays, killing the leftover group each time', async () => {
    const { clock, children, p, started } = setup();
    await p.start();
    expect(p.status()).toMatchObject({ state: 'running', pid: 100, restarts: 0 });

    children[0]!.exit(null, 'SIGKILL');
    expect(children[0]!.signals).toEqual(['SIGKILL']);
    expect(p.status()).toMatchObject({ state: 'backoff', pid: null });
    clock.advance(499);
    expect(children).toHaveLength(1);
    clock.advance(1);
    await flush();
    expect(p.status()).toMatchObject({ state: 'running', pid: 101, restarts: 1 });

    clock.advance(1000);
    children[1]!.exit(1, null);
    clock.advance(999);
    expect(children).toHaveLength(2);
    clock.advance(1);
    await flush();
    expect(p.status()).toMatchObject({ state: 'running', pid: 102, restarts: 2 });
    expect(started).toEqual([100, 101, 102]);
  });

  it('resets the backoff after 60 s of running', async () => {
    const { clock, children, p } = setup();
    await p.start();
    children[0]!.exit(1, null);
    clock.advance(500);
    await flush();
    children[1]!.exit(1, null);
    clock.advance(1000);
    await flush();
    clock.advance(60_000);
    children[2]!.exit(1, null);
    clock.advance(500);
    await flush();
    expect(children).toHaveLength(4);
    expect(p.status().restarts).toBe(3);
  });

  it('keeps retrying when a restart does not become ready, with growing delays', async () => {
    let failing = false;
    const { clock, children, p } = setup({ readyFails: () => failing });
    await p.start();
    failing = true;
    children[0]!.exit(1, null);
    clock.advance(500);
    await flush();
    expect(children).toHaveLength(2);
    expect(children[1]!.signals).toContain('SIGTERM');
    expect(p.status().state).toBe('backoff');
    expect(p.status().lastError).toMatch(/no RPC answer; restarting in 1000 ms/);
    failing = false;
    clock.advance(1000);
    await flush();
    expect(p.status()).toMatchObject({ state: 'running', pid: 102 });
  });

  it('retries a first start that never becomes ready with the same backoff, and says why with the output', async () => {
    let failing = true;
    const { clock, children, p } = setup({ readyFails: () => failing, output: 'ERROR: bind 127.0.0.1:5060: Address already in use\n' });
    await expect(p.start()).rejects.toThrow('no RPC answer');
    expect(p.status().state).toBe('backoff');
    expect(p.status().lastError).toMatch(/kamailio failed to start: no RPC answer; output: ERROR: bind 127\.0\.0\.1:5060: Address already in use; restarting in 500 ms/);
    clock.advance(500);
    await flush();
    expect(children).toHaveLength(2);
    expect(p.status().lastError).toMatch(/restarting in 1000 ms/);
    failing = false;
    clock.advance(1000);
    await flush();
    expect(p.status()).toMatchObject({ state: 'running', pid: 102, lastError: null });
  });

  it('restarts on request after a failed first start, and a stop during a retry ends the retries', async () => {
    let failing = true;
    const { clock, children, p } = setup({ readyFails: () => failing });
    await expect(p.start()).rejects.toThrow('no RPC answer');
    failing = false;
    await p.restart();
    expect(p.status()).toMatchObject({ state: 'running', pid: 101 });
    // The retry scheduled by the failed first start belonged to the old epoch: it does nothing.
    clock.advance(60_000);
    await flush();
    expect(children).toHaveLength(2);

    failing = true;
    children[1]!.exit(1, null);
    await p.stop();
    clock.advance(60_000);
    await flush();
    expect(children).toHaveLength(2);
    expect(p.status().state).toBe('stopped');
  });

  it('reports a failure before any spawn as failed', () => {
    const { p } = setup();
    p.fail('kamailio -c rejected the rendered cfg');
    expect(p.status()).toMatchObject({ state: 'failed', lastError: 'kamailio -c rejected the rendered cfg' });
  });

  it('stops with SIGTERM, then SIGKILL after the bound, and does not restart', async () => {
    const { clock, children, p } = setup({ ignoreTerm: true });
    await p.start();
    const stopped = p.stop();
    await flush();
    expect(children[0]!.signals).toEqual(['SIGTERM']);
    clock.advance(3000);
    await stopped;
    // SIGKILL after the bound, then once more for the rest of the group when the leader is gone.
    expect(children[0]!.signals).toEqual(['SIGTERM', 'SIGKILL', 'SIGKILL']);
    expect(p.status().state).toBe('stopped');
    clock.advance(60_000);
    expect(children).toHaveLength(1);
  });

  it('cancels a pending restart on stop', async () => {
    const { clock, children, p } = setup();
    await p.start();
    children[0]!.exit(1, null);
    await p.stop();
    clock.advance(60_000);
    expect(children).toHaveLength(1);
    expect(p.status().state).toBe('stopped');
  });
});
