import { describe, expect, it } from 'vitest';
import { checkListenerForm } from './listenerForm';

describe('checkListenerForm', () => {
  it('turns valid text into a listener', () => {
    expect(checkListenerForm({ name: ' public ', address: '203.0.113.5', port: '5080', transport: 'udp' }, new Set())).toEqual({ ok: true, listener: { name: 'public', address: '203.0.113.5', port: 5080, notes: '' } });
    // UDP stays without a transport field (the stored form of listeners made before transports existed).
    expect(checkListenerForm({ name: 'sig', address: '203.0.113.5', port: '5060', transport: 'tcp' }, new Set())).toEqual({ ok: true, listener: { name: 'sig', address: '203.0.113.5', port: 5060, transport: 'tcp', notes: '' } });
  });

  it('puts each plain message under its field', () => {
    const r = checkListenerForm({ name: 'lan', address: '10.0.0.300', port: 'abc', transport: 'udp' }, new Set(['lan']));
    expect(r).toEqual({
      ok: false,
      errors: {
        name: 'another listening address already has this name',
        address: 'must be an IPv4 address such as 203.0.113.5 (or 0.0.0.0 for every interface)',
        port: 'must be a whole number from 1 to 65535',
      },
    });
  });
});
