import { describe, expect, it } from 'vitest';
import { capacityNeeds, capacityProblem, configuredCapacity, hostMediaPortLimit, hostShmLimitMb, settingsShortfall, sizedShmMb } from './engineCapacity';

const gw = (maxConcurrentCalls: number | null, cpsLimit: number | null = null, enabled = true) => ({ enabled, maxConcurrentCalls, cpsLimit });
const GB = 1024 * 1048576;

describe('configuredCapacity', () => {
  it('is the smaller of the two sides\' sums', () => {
    expect(configuredCapacity({ mappingGateways: [gw(100, 10), gw(50, 5)], routingGateways: [gw(120, 30)] })).toEqual({ calls: 120, cps: 15 });
  });
  it('takes the bounded side when the other has a gateway without a limit', () => {
    expect(configuredCapacity({ mappingGateways: [gw(100), gw(null)], routingGateways: [gw(30, 4), gw(40, 6)] })).toEqual({ calls: 70, cps: 10 });
  });
  it('is unknown when both sides are unbounded; an enabled endpoint makes the caller side unbounded', () => {
    expect(configuredCapacity({ mappingGateways: [gw(null)], routingGateways: [gw(null)] })).toEqual({ calls: null, cps: null });
    expect(configuredCapacity({ mappingGateways: [gw(10, 1)], routingGateways: [gw(null)], endpoints: [{ enabled: true }] })).toEqual({ calls: null, cps: null });
    expect(configuredCapacity({ mappingGateways: [gw(10, 1)], routingGateways: [gw(null)], endpoints: [{ enabled: false }] })).toEqual({ calls: 10, cps: 1 });
  });
  it('leaves disabled gateways out, and counts no gateway as no calls', () => {
    expect(configuredCapacity({ mappingGateways: [gw(10), gw(null, null, false)], routingGateways: [gw(null)] })).toEqual({ calls: 10, cps: null });
    expect(configuredCapacity({ mappingGateways: [], routingGateways: [] })).toEqual({ calls: 0, cps: 0 });
  });
});

describe('capacityNeeds', () => {
  it('costs 0.25 MB per call/s and 6 KB per call over a 48 MB base, and 4 media ports per call held for the delete delay', () => {
    expect(capacityNeeds({ calls: 1024, cps: 100 }, 1)).toEqual({ cps: 100, shmMb: 48 + 25 + 6, mediaPorts: 4 * (1024 + 100) });
  });
  it('estimates calls per second from concurrent calls as 10 s calls', () => {
    expect(capacityNeeds({ calls: 2000, cps: null }, 1)).toEqual({ cps: 200, shmMb: Math.ceil(48 + 50 + 11.71875), mediaPorts: 4 * 2200 });
  });
  it('knows no media figure when only calls per second are limited, and nothing when nothing is', () => {
    expect(capacityNeeds({ calls: null, cps: 50 }, 1)).toEqual({ cps: 50, shmMb: 61, mediaPorts: null });
    expect(capacityNeeds({ calls: null, cps: null }, 1)).toEqual({ cps: null, shmMb: null, mediaPorts: null });
  });
});

describe('sizedShmMb', () => {
  it('is 256 MB (the size before sizing) for small or unknown capacities', () => {
    expect(sizedShmMb(capacityNeeds({ calls: null, cps: null }, 1), 24 * GB)).toBe(256);
    expect(sizedShmMb(capacityNeeds({ calls: 100, cps: 10 }, 1), 24 * GB)).toBe(256);
  });
  it('adds a quarter of headroom in 16 MB steps, capped at half the host memory', () => {
    // 48 + 0.25·700 + 6·7000/1024 = 264.02 → 265 MB; ×1.25 = 331.25 → 336.
    expect(sizedShmMb(capacityNeeds({ calls: 7000, cps: null }, 1), 24 * GB)).toBe(336);
    expect(sizedShmMb(capacityNeeds({ calls: 100_000, cps: 10_000 }, 1), 2 * GB)).toBe(1024);
  });
});

describe('capacityProblem', () => {
  const host = { memTotalBytes: 2 * GB, ephemeralMin: 32768 };
  it('accepts what the host holds', () => {
    const c = { calls: 7000, cps: null };
    expect(capacityProblem(c, capacityNeeds(c, 1), host)).toBeNull();
    expect(capacityProblem({ calls: null, cps: null }, capacityNeeds({ calls: null, cps: null }, 1), host)).toBeNull();
  });
  it('refuses a capacity the host memory cannot hold, naming both numbers', () => {
    const c = { calls: 100_000, cps: 5000 };
    expect(capacityProblem(c, capacityNeeds(c, 1), host)).toBe(
      "the configured capacity (100000 concurrent calls, 5000 calls per second, the sum of the gateways' maxConcurrentCalls and cpsLimit) needs about 1884 MB of Kamailio shared memory, " +
        "but this host has 2048 MB of memory, of which at most 1024 MB may go to it; lower the gateways' limits or add memory",
    );
  });
  it('refuses a capacity the host port range cannot hold, naming both numbers', () => {
    const c = { calls: 8000, cps: null };
    expect(hostMediaPortLimit(32768)).toBe(31744);
    expect(capacityProblem(c, capacityNeeds(c, 1), { ...host, memTotalBytes: 24 * GB })).toMatch(
      /^the configured capacity \(8000 concurrent calls, about 800 calls per second \(estimated as 10 s calls\).*\) needs 35200 media ports \(4 per call, kept after it ends\), but this host has only 31744 ports between 1024 and its ephemeral port range \(from 32768\)/,
    );
  });
  it('does not compare what it cannot read', () => {
    const c = { calls: 1_000_000, cps: 100_000 };
    expect(capacityProblem(c, capacityNeeds(c, 1), {})).toBeNull();
    expect(hostShmLimitMb(24 * GB)).toBe(12288);
  });
});

describe('settingsShortfall', () => {
  it('names the media range or pinned memory that falls short (a warning, not a refusal)', () => {
    const c = { calls: 200, cps: null };
    expect(settingsShortfall(c, capacityNeeds(c, 1), { mediaPorts: 100 })).toMatch(/needs 880 media ports; engine\.rtpPortMin–rtpPortMax holds 100$/);
    const big = { calls: 2000, cps: null };
    expect(settingsShortfall(big, capacityNeeds(big, 1), { mediaPorts: 9768, shmMb: 64 })).toMatch(/needs about 110 MB of Kamailio shared memory; engine\.shmMb pins 64 MB$/);
    expect(settingsShortfall(big, capacityNeeds(big, 1), { mediaPorts: 9768 })).toBeNull();
  });
});
