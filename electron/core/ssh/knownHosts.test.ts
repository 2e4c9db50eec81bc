import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkHostKey,
  entryMatchesHost,
  fingerprintSha256,
  formatKnownHostsLine,
  hashHostName,
  hostKeyAlgorithmsFor,
  hostKeyString,
  keyTypeOfBlob,
  knownKeyTypes,
  linesForHost,
  matchHostPatterns,
  parseKnownHosts,
  wildcardMatch,
  type KnownHostsSource,
} from './knownHosts';

// Vectors produced by OpenSSH 9.2: `ssh-keygen -lf` and `ssh-keygen -H` on these lines.
const VEC_KEY_B64 = 'AAAAC3NzaC1lZDI1NTE5AAAAICThSwTnQIgiJCHBGC1OM6yMSPVLuFdCPcnhZM0rkvfD';
const VEC_FP = 'SHA256:SGH/CZ1jiU8hSdcOx0iinaYmcb4RWPao+c4c2+DIiTg';
const VEC_HASHED_22 = `|1|t7rQ8COnsYnuj6DM0MPtS9Z0Utw=|W2jltuC8Evnz8bZM5b75yTAsYfw= ssh-ed25519 ${VEC_KEY_B64}`;
const VEC_HASHED_2222 = `|1|awlS6TC4H1LYis3Ec0wUicgqj5A=|hUZ985bU8p784jk8hXLhH7orf70= ssh-ed25519 ${VEC_KEY_B64}`;
const vecBlob = Buffer.from(VEC_KEY_B64, 'base64');

/** A syntactically valid blob: type string then filler bytes. */
function blob(type: string, fill: number): Buffer {
  const name = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  return Buffer.concat([len, name, Buffer.alloc(36, fill)]);
}
const b64 = (b: Buffer) => b.toString('base64');
const src = (text: string, file = 'kh'): KnownHostsSource[] => [{ file, entries: parseKnownHosts(text).entries }];

describe('key blobs', () => {
  it('fingerprints exactly like ssh-keygen -lf', () => {
    expect(fingerprintSha256(vecBlob)).toBe(VEC_FP);
    expect(keyTypeOfBlob(vecBlob)).toBe('ssh-ed25519');
  });
  it('rejects malformed blobs', () => {
    expect(keyTypeOfBlob(Buffer.from([0, 0, 0]))).toBeNull();
    expect(keyTypeOfBlob(Buffer.from([0, 0, 0, 9, 0x61]))).toBeNull();
  });
});

describe('parseKnownHosts', () => {
  it('reads plain, hashed, marked lines, comments and blanks; reports bad lines by number', () => {
    const text = [
      '# comment',
      '',
      `host1,host2 ssh-ed25519 ${b64(blob('ssh-ed25519', 1))} me@box`,
      VEC_HASHED_22,
      `@revoked * ssh-rsa ${b64(blob('ssh-rsa', 2))}`,
      `@cert-authority *.corp ecdsa-sha2-nistp256 ${b64(blob('ecdsa-sha2-nistp256', 3))}`,
      `@bogus host ssh-ed25519 ${b64(blob('ssh-ed25519', 4))}`,
      `host3 ssh-rsa ${b64(blob('ssh-ed25519', 5))}`,
      'host4 ssh-ed25519',
      `|1|abc|def ssh-ed25519 ${b64(blob('ssh-ed25519', 6))}`,
      `host5 rsa-sha2-512 ${b64(blob('ssh-rsa', 7))}`,
    ].join('\r\n');
    const { entries, invalid } = parseKnownHosts(text);
    expect(entries.map((e) => [e.line, e.marker, e.keyType])).toEqual([
      [3, null, 'ssh-ed25519'],
      [4, null, 'ssh-ed25519'],
      [5, 'revoked', 'ssh-rsa'],
      [6, 'cert-authority', 'ecdsa-sha2-nistp256'],
      [11, null, 'ssh-rsa'],
    ]);
    expect(entries[0]?.comment).toBe('me@box');
    expect(invalid.map((i) => i.line)).toEqual([7, 8, 9, 10]);
    expect(invalid[0]?.reason).toMatch(/unknown marker @bogus/);
    expect(invalid[1]?.reason).toMatch(/does not match the key \(ssh-ed25519\)/);
  });
});

describe('host patterns', () => {
  it('names non-22 ports as [host]:port, lower case', () => {
    expect(hostKeyString('Example.ORG', 22)).toBe('example.org');
    expect(hostKeyString('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
  });
  it('matches wildcards like OpenSSH', () => {
    expect(wildcardMatch('a.example.com', '*.example.com')).toBe(true);
    expect(wildcardMatch('example.com', '*.example.com')).toBe(false);
    expect(wildcardMatch('10.0.0.7', '10.0.0.?')).toBe(true);
    expect(wildcardMatch('10.0.0.17', '10.0.0.?')).toBe(false);
    expect(wildcardMatch('[h]:2222', '[h]:*')).toBe(true);
    expect(wildcardMatch('abc', '*')).toBe(true);
    expect(wildcardMatch('', '*')).toBe(true);
    expect(wildcardMatch('aXbXc', 'a*b*c')).toBe(true);
    expect(wildcardMatch('aXbX', 'a*b*c')).toBe(false);
  });
  it('lets a negated pattern veto the line', () => {
    expect(matchHostPatterns('db.corp', '*.corp,!db.corp')).toBe('negated');
    expect(matchHostPatterns('web.corp', '*.corp,!db.corp')).toBe('match');
    expect(matchHostPatterns('WEB.corp', 'web.CORP')).toBe('match');
    expect(matchHostPatterns('other', '*.corp,!db.corp')).toBe('none');
    expect(matchHostPatterns('h', '!h')).toBe('negated');
  });
  it('wildcard without metacharacters is string equality (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9.:[\]-]{0,12}$/), fc.stringMatching(/^[a-z0-9.:[\]-]{0,12}$/), (a, b) => {
        expect(wildcardMatch(a, b)).toBe(a === b);
        expect(wildcardMatch(a, '*')).toBe(true);
      }),
    );
  });
});

describe('hashed hosts', () => {
  it('matches entries hashed by ssh-keygen -H, including [host]:port', () => {
    const [e22, e2222] = parseKnownHosts(`${VEC_HASHED_22}\n${VEC_HASHED_2222}`).entries;
    expect(e22 && entryMatchesHost(e22, 'example.org')).toBe(true);
    expect(e22 && entryMatchesHost(e22, '[example.org]:2222')).toBe(false);
    expect(e2222 && entryMatchesHost(e2222, hostKeyString('Example.org', 2222))).toBe(true);
  });
  it('round-trips with a fresh salt every time', () => {
    const a = hashHostName('[h]:2200');
    expect(a).not.toBe(hashHostName('[h]:2200'));
    const line = parseKnownHosts(`${a} ssh-ed25519 ${VEC_KEY_B64}`).entries[0];
    expect(line && entryMatchesHost(line, '[h]:2200')).toBe(true);
    expect(line && entryMatchesHost(line, '[h]:2201')).toBe(false);
  });
});

describe('checkHostKey', () => {
  const k1 = blob('ssh-ed25519', 1);
  const k2 = blob('ssh-ed25519', 2);
  const rsa = blob('ssh-rsa', 3);

  it('returns known / unknown / changed with file and line', () => {
    const s = src(`# x\n[h]:2222 ssh-ed25519 ${b64(k1)}`, '/app/known_hosts');
    expect(checkHostKey(s, 'h', 2222, k1)).toMatchObject({ status: 'known', entry: { file: '/app/known_hosts', line: 2 } });
    expect(checkHostKey(s, 'h', 22, k1)).toEqual({ status: 'unknown' });
    expect(checkHostKey(s, 'h', 2222, k2)).toEqual({
      status: 'changed',
      sameType: true,
      expected: { file: '/app/known_hosts', line: 2, keyType: 'ssh-ed25519', fingerprintSha256: fingerprintSha256(k1) },
    });
    expect(checkHostKey(s, 'h', 2222, rsa)).toMatchObject({ status: 'changed', sameType: false });
  });
  it('refuses a revoked key even when it is also listed', () => {
    const s = src(`h ssh-ed25519 ${b64(k1)}\n@revoked * ssh-ed25519 ${b64(k1)}`);
    expect(checkHostKey(s, 'h', 22, k1)).toMatchObject({ status: 'revoked', entry: { line: 2 } });
  });
  it('ignores cert-authority lines for plain keys', () => {
    const s = src(`@cert-authority h ssh-ed25519 ${b64(k1)}`);
    expect(checkHostKey(s, 'h', 22, k1)).toEqual({ status: 'unknown' });
    expect(knownKeyTypes(s, 'h', 22)).toEqual([]);
  });
  it('a match in any file wins over a mismatch in another', () => {
    const sources = [...src(`h ssh-ed25519 ${b64(k2)}`, 'a'), ...src(`h ssh-ed25519 ${b64(k1)}`, 'b')];
    expect(checkHostKey(sources, 'h', 22, k1)).toMatchObject({ status: 'known', entry: { file: 'b' } });
  });
  it('honours negation when looking up', () => {
    const s = src(`*,!h ssh-ed25519 ${b64(k1)}`);
    expect(checkHostKey(s, 'h', 22, k2)).toEqual({ status: 'unknown' });
    expect(checkHostKey(s, 'g', 22, k2)).toMatchObject({ status: 'changed' });
  });
});

describe('key types and algorithms', () => {
  it('lists known types for the host and expands rsa to its signature algorithms', () => {
    const s = src(`h ssh-rsa ${b64(blob('ssh-rsa', 1))}\nh ssh-ed25519 ${b64(blob('ssh-ed25519', 2))}\nh ssh-rsa ${b64(blob('ssh-rsa', 3))}\n@revoked h ecdsa-sha2-nistp256 ${b64(blob('ecdsa-sha2-nistp256', 4))}`);
    expect(knownKeyTypes(s, 'h', 22)).toEqual(['ssh-rsa', 'ssh-ed25519']);
    expect(hostKeyAlgorithmsFor(['ssh-rsa', 'ssh-ed25519'])).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519']);
  });
});

describe('formatKnownHostsLine', () => {
  it('writes hashed or plain lines that parse back to the same key', () => {
    const hashed = formatKnownHostsLine('H', 2222, vecBlob, { hash: true, comment: 'added\nby test' });
    expect(hashed).toMatch(/^\|1\|[^ ]+ ssh-ed25519 [^ ]+ added by test$/);
    expect(checkHostKey(src(hashed), 'h', 2222, vecBlob).status).toBe('known');
    expect(formatKnownHostsLine('h', 22, vecBlob, { hash: false })).toBe(`h ssh-ed25519 ${VEC_KEY_B64}`);
  });
  it('linesForHost finds the entries to forget', () => {
    const parsed = parseKnownHosts(`a ssh-ed25519 ${VEC_KEY_B64}\n${VEC_HASHED_2222}\n[example.org]:2222 ssh-ed25519 ${VEC_KEY_B64}`);
    expect(linesForHost(parsed, 'example.org', 2222)).toEqual([2, 3]);
  });
});
