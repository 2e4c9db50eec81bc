import { describe, expect, it } from 'vitest';
import { SecretBox, SecretOpenError } from './secretBox';

const box = new SecretBox(Buffer.alloc(32, 1));

describe('SecretBox', () => {
  it('opens what it sealed, and never seals the same value to the same bytes', () => {
    const a = box.seal('mappingGateways[gw].password', 'right-pw');
    const b = box.seal('mappingGateways[gw].password', 'right-pw');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('right-pw'))).toBe(false);
    expect(box.open('mappingGateways[gw].password', a)).toBe('right-pw');
  });

  it('refuses a value sealed for another secret (swapped rows) and one sealed with another key', () => {
    const sealed = box.seal('mappingGateways[gw-a].password', 'pw-a');
    expect(() => box.open('mappingGateways[gw-b].password', sealed)).toThrow(SecretOpenError);
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open('mappingGateways[gw-a].password', sealed)).toThrow(/secret key file is not the one/);
  });

  it('refuses a tampered or truncated value', () => {
    const sealed = box.seal('x', 'value');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => box.open('x', sealed)).toThrow(SecretOpenError);
    expect(() => box.open('x', Buffer.alloc(5))).toThrow(SecretOpenError);
  });

  it('wants a 32-byte key', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
