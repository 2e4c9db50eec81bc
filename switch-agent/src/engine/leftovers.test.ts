import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OwnerRecords, ownedLeftovers, reapLeftovers, staleReplyFifos } from './leftovers';
import type { OwnerRecord, ProcInfo, ProcTable } from './leftovers';

const KAM = ['/usr/sbin/kamailio', '-f', '/var/lib/switch-agent/engine/kamailio.cfg'];
const RTP = ['/usr/bin/rtpengine', '--listen-ng=127.0.0.1:22222'];
const records: OwnerRecord[] = [
  { name: 'kamailio', pid: 100, argv: KAM },
  { name: 'rtpengine', pid: 200, argv: RTP },
];

/** A process table where processes leave on the signals they honour. */
class FakeTable implements ProcTable {
  signals: [number, string][] = [];
  constructor(public procs: ProcInfo[], private readonly ignoresTerm = new Set<number>()) {}
  list() {
    return [...this.procs];
  }
  kill(pid: number, signal: 'SIGTERM' | 'SIGKILL') {
    this.signals.push([pid, signal]);
    if (signal === 'SIGKILL' || !this.ignoresTerm.has(pid)) this.procs = this.procs.filter((p) => p.pid !== pid);
  }
}

describe('ownedLeftovers', () => {
  it('finds the recorded groups running the recorded command, workers included, and nothing else', () => {
    const procs: ProcInfo[] = [
      { pid: 100, pgid: 100, argv: KAM },
      { pid: 101, pgid: 100, argv: KAM }, // a worker forked by kamailio
      { pid: 200, pgid: 200, argv: RTP },
      { pid: 300, pgid: 100, argv: ['/bin/sh'] }, // another command in the group: not ours to kill
      { pid: 400, pgid: 400, argv: KAM }, // same command, group we did not record (another instance)
      { pid: 500, pgid: 200, argv: ['/usr/bin/rtpengine', '--listen-ng=127.0.0.1:5'] },
    ];
    expect(ownedLeftovers(procs, records, 1).map((p) => p.pid)).toEqual([100, 101, 200]);
  });

  it('never matches itself', () => {
    expect(ownedLeftovers([{ pid: 100, pgid: 100, argv: KAM }], records, 100)).toEqual([]);
  });
});

describe('reapLeftovers', () => {
  const noSleep = async () => {};

  it('SIGTERMs owned leftovers and reports them', async () => {
    const t = new FakeTable([{ pid: 100, pgid: 100, argv: KAM }, { pid: 101, pgid: 100, argv: KAM }, { pid: 7, pgid: 7, argv: ['init'] }]);
    const r = await reapLeftovers(t, records, { sleep: noSleep, self: 1 });
    expect(r).toEqual({ stopped: [100, 101], survivors: [] });
    expect(t.signals).toEqual([[100, 'SIGTERM'], [101, 'SIGTERM']]);
    expect(t.procs.map((p) => p.pid)).toEqual([7]);
  });

  it('SIGKILLs what ignores SIGTERM after the bound', async () => {
    const t = new FakeTable([{ pid: 200, pgid: 200, argv: RTP }], new Set([200]));
    let slept = 0;
    const r = await reapLeftovers(t, records, { sleep: async (ms) => void (slept += ms), self: 1, termWaitMs: 100, pollMs: 10 });
    expect(r).toEqual({ stopped: [200], survivors: [] });
    expect(t.signals).toEqual([[200, 'SIGTERM'], [200, 'SIGKILL']]);
    expect(slept).toBe(100);
  });

  it('does nothing without leftovers', async () => {
    const t = new FakeTable([{ pid: 7, pgid: 7, argv: ['init'] }]);
    expect(await reapLeftovers(t, records, { sleep: noSleep, self: 1 })).toEqual({ stopped: [], survivors: [] });
    expect(t.signals).toEqual([]);
  });
});

describe('OwnerRecords', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps one record per engine, forgets it only for the pid it names, and ignores a torn file', () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-owner-'));
    const o = new OwnerRecords(dir);
    o.record(records[0]!);
    o.record(records[1]!);
    expect(o.all()).toEqual(records);
    o.forget('kamailio', 999);
    expect(o.all()).toHaveLength(2);
    o.forget('kamailio', 100);
    expect(o.all()).toEqual([records[1]]);
    writeFileSync(join(dir, 'rtpengine.owner.json'), '{"name":"rtpengine","pid":');
    expect(o.all()).toEqual([]);
  });
});

describe('staleReplyFifos', () => {
  it("names other processes' reply FIFOs only", () => {
    expect(staleReplyFifos(['switchdeck_rpc_42_1', 'switchdeck_rpc_7_3', 'rpc.fifo', 'switchdeck_rpc_x_1', 'kamailio.pid'], 42)).toEqual(['switchdeck_rpc_7_3']);
  });
});
