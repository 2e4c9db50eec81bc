import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDraftKeySealer } from './draftKeySealer';

describe('draft key sealer', () => {
  const key = randomBytes(32).toString('base64');

  it('opens what it sealed; the same text seals differently each time', () => {
    const s = createDraftKeySealer(key);
    const a = s.seal('pässwörd');
    expect(a).not.toContain('pässwörd');
    expect(s.seal('pässwörd')).not.toBe(a);
    expect(s.open(a)).toBe('pässwörd');
  });

  it('refuses a value sealed under another key or tampered with', () => {
    const sealed = createDraftKeySealer(key).seal('x');
    expect(() => createDraftKeySealer(randomBytes(32).toString('base64')).open(sealed)).toThrow();
    expect(() => createDraftKeySealer(key).open(`${sealed.slice(0, -4)}AAA=`)).toThrow();
    expect(() => createDraftKeySealer(key).open('c2FmZVN0b3JhZ2U=')).toThrow(/draft key/);
  });

  it('needs a 32-byte key', () => {
    expect(() => createDraftKeySealer(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
