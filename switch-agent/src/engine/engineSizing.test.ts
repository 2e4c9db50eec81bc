import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { engineSizing, pkgMbFor, reloadTimeoutMs, tableLoadOf, UNSIZED } from './engineSizing';

const RMEM_DEFAULT = 212_992;

describe('engineSizing', () => {
  it('gives a 2-core host more workers than cores, a buffer up to rmem_max and a short rtpengine wait', () => {
    expect(engineSizing({ cpus: 2, rmemMaxBytes: 4_194_304 })).toEqual({
      udpWorkers: 8, receiveBufferBytes: 4_194_304, rtpengineTimeoutMs: 500, rtpengineTries: 2, rtpengineThreads: 2, rtpengineDeleteDelaySec: 1,
      rtpengineLogLevel: 4,
    });
  });

  it('has rtpengine print warnings and errors only, not lines for every call (its default, 6, does)', () => {
    expect(UNSIZED.rtpengineLogLevel).toBe(6);
    for (const cpus of [1, 2, 64]) expect(engineSizing({ cpus, rmemMaxBytes: RMEM_DEFAULT }).rtpengineLogLevel).toBe(4);
  });

  it('grows workers and rtpengine threads with the cores, within bounds', () => {
    expect(engineSizing({ cpus: 1, rmemMaxBytes: RMEM_DEFAULT }).udpWorkers).toBe(8);
    expect(engineSizing({ cpus: 8, rmemMaxBytes: RMEM_DEFAULT })).toMatchObject({ udpWorkers: 32, rtpengineThreads: 8, rtpengineTimeoutMs: 300 });
    expect(engineSizing({ cpus: 128, rmemMaxBytes: RMEM_DEFAULT })).toMatchObject({ udpWorkers: 64, rtpengineThreads: 64 });
  });

  it("never asks for less than Kamailio's default buffer nor more than 16 MB", () => {
    expect(engineSizing({ cpus: 2, rmemMaxBytes: RMEM_DEFAULT }).receiveBufferBytes).toBe(262_144);
    expect(engineSizing({ cpus: 2, rmemMaxBytes: 1 << 30 }).receiveBufferBytes).toBe(16 * 1024 * 1024);
  });

  it('is never smaller than what the engine had before sizing, for any host', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (cpus, rmem) => {
      const s = engineSizing({ cpus, rmemMaxBytes: rmem });
      expect(s.udpWorkers).toBeGreaterThanOrEqual(UNSIZED.udpWorkers);
      expect(s.receiveBufferBytes).toBeGreaterThanOrEqual(UNSIZED.receiveBufferBytes);
      // The worst time one lost ng reply holds a worker shrinks.
      expect(s.rtpengineTimeoutMs * s.rtpengineTries).toBeLessThan(UNSIZED.rtpengineTimeoutMs * UNSIZED.rtpengineTries);
      expect(s.rtpengineDeleteDelaySec).toBeLessThan(UNSIZED.rtpengineDeleteDelaySec);
    }));
  });

  it('refuses facts that are not counts, naming the field', () => {
    expect(() => engineSizing({ cpus: 0, rmemMaxBytes: RMEM_DEFAULT })).toThrow(/host\.cpus/);
    expect(() => engineSizing({ cpus: 2, rmemMaxBytes: Number.NaN })).toThrow(/host\.rmemMaxBytes/);
  });
});

describe('pkgMbFor', () => {
  const empty = { droutingRows: 0, gwlistChars: 0, addressRows: 0 };

  it('always leaves room for 10,000 routing + 10,000 mapping gateways', () => {
    expect(pkgMbFor(empty)).toBe(pkgMbFor({ droutingRows: 10_000, gwlistChars: 100_000, addressRows: 5_000 }));
    expect(pkgMbFor(empty)).toBeGreaterThanOrEqual(16);
  });

  it('grows with the tables (twice what is loaded), up to 1 GB', () => {
    const big = { droutingRows: 200_000, gwlistChars: 4_000_000, addressRows: 100_000 };
    expect(pkgMbFor(big)).toBeGreaterThan(pkgMbFor(empty));
    expect(pkgMbFor({ droutingRows: 1e9, gwlistChars: 0, addressRows: 0 })).toBe(1024);
  });

  it('counts planned rows and gateway-list text', () => {
    expect(tableLoadOf({ address: [1, 2], drGateways: [1], drRules: [{ gwlist: '1,2,3' }, { gwlist: '4' }] }))
      .toEqual({ droutingRows: 3, gwlistChars: 6, addressRows: 2 });
  });
});

describe('reloadTimeoutMs', () => {
  it('waits 5 s for a small table and 1 ms more per row, up to 2 minutes', () => {
    expect(reloadTimeoutMs(0)).toBe(5000);
    expect(reloadTimeoutMs(20_000)).toBe(25_000);
    expect(reloadTimeoutMs(10_000_000)).toBe(120_000);
  });
});
