import { describe, expect, it } from 'vitest';
import { rtpengineArgs } from './args';

const base = { interface: '127.0.0.1', ngHost: '127.0.0.1', ngPort: 22222, portMin: 23000, portMax: 32767 };

describe('rtpengineArgs', () => {
  it('passes the sized thread count, and leaves rtpengine its default when none is given', () => {
    expect(rtpengineArgs({ ...base, threads: 4 })).toContain('--num-threads=4');
    expect(rtpengineArgs(base).some((a) => a.startsWith('--num-threads'))).toBe(false);
    expect(() => rtpengineArgs({ ...base, threads: 1.5 })).toThrow(/rtpengine\.threads/);
  });

  it('passes the delete delay that frees a call\'s ports', () => {
    expect(rtpengineArgs({ ...base, deleteDelaySec: 1 })).toContain('--delete-delay=1');
    expect(rtpengineArgs(base).some((a) => a.startsWith('--delete-delay'))).toBe(false);
    expect(() => rtpengineArgs({ ...base, deleteDelaySec: -1 })).toThrow(/rtpengine\.deleteDelaySec/);
  });

  it('passes the sized log level, and leaves rtpengine its default when none is given', () => {
    expect(rtpengineArgs({ ...base, logLevel: 5 })).toContain('--log-level=5');
    expect(rtpengineArgs(base).some((a) => a.startsWith('--log-level'))).toBe(false);
    expect(() => rtpengineArgs({ ...base, logLevel: 8 })).toThrow(/rtpengine\.logLevel/);
  });
});
