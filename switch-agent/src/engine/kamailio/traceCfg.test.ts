import { describe, expect, it } from 'vitest';
import { renderTraceModule } from './traceCfg';

describe('renderTraceModule', () => {
  it('renders nothing without a trace listener', () => {
    expect(renderTraceModule(undefined)).toBe('');
  });

  it('mirrors HEPv3 to the loopback listener through core events, switched off at start', () => {
    const cfg = renderTraceModule({ hepAddress: '127.0.0.1', hepPort: 9060 });
    expect(cfg).toContain('loadmodule "siptrace.so"');
    expect(cfg).toContain('modparam("siptrace", "trace_on", 0)');
    expect(cfg).toContain('modparam("siptrace", "trace_mode", 1)');
    expect(cfg).toContain('modparam("siptrace", "hep_version", 3)');
    expect(cfg).toContain('modparam("siptrace", "duplicate_uri", "sip:127.0.0.1:9060")');
  });

  it('refuses a non-loopback address or a bad port, naming the field', () => {
    expect(() => renderTraceModule({ hepAddress: '10.0.0.1', hepPort: 9060 })).toThrow('trace.hepAddress: must be an IPv4 loopback address, got "10.0.0.1"');
    expect(() => renderTraceModule({ hepAddress: '127.0.0.1"\nloadmodule "x', hepPort: 9060 })).toThrow('trace.hepAddress');
    expect(() => renderTraceModule({ hepAddress: '127.0.0.1', hepPort: 0 })).toThrow('trace.hepPort');
  });
});
