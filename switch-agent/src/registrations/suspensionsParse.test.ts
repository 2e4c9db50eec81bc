import { describe, expect, it } from 'vitest';
import { htableEntries, parseSuspensions } from './suspensionsParse';

const NOW = 1_764_905_400_000;
const table = (entries: Record<string, number>) => [{ entry: 3, size: 1, slot: Object.entries(entries).map(([name, value]) => ({ name, value, type: 'int' })) }];

describe('suspensions from the auth script tables', () => {
  it('lists both kinds with reason, end, time left and failures, longest first', () => {
    const s = parseSuspensions({
      authentication: table({ '127.0.0.50': 1_764_905_400 + 120 }),
      register: table({ '127.0.0.51': 1_764_905_400 + 30, '2001:db8::7': 1_764_905_400 + 60 }),
      failures: table({ 'auth~127.0.0.50': 6, 'reg~127.0.0.51': 7 }),
    }, NOW);
    expect(s).toEqual([
      { address: '127.0.0.50', kind: 'authentication', reason: expect.stringMatching(/^6 wrong passwords/), endsAt: (1_764_905_400 + 120) * 1000, remainingSec: 120, failures: 6 },
      { address: '2001:db8::7', kind: 'register', reason: expect.stringMatching(/^Too many REGISTERs/), endsAt: (1_764_905_400 + 60) * 1000, remainingSec: 60, failures: null },
      { address: '127.0.0.51', kind: 'register', reason: expect.stringMatching(/^7 REGISTERs in a row/), endsAt: (1_764_905_400 + 30) * 1000, remainingSec: 30, failures: 7 },
    ]);
  });

  it('leaves out entries whose second has passed (htable purges on its own timer) and keys that are no address', () => {
    expect(parseSuspensions({ authentication: table({ '127.0.0.50': 1_764_905_400, 'x<y': 1_764_905_999 }), register: null, failures: 'junk' }, NOW)).toEqual([]);
  });

  it('reads htable.dump buckets and ignores malformed items', () => {
    expect([...htableEntries([{ slot: [{ name: 'a', value: 1 }, { name: 'b', value: 'str' }, null] }, { entry: 1 }, 5])]).toEqual([['a', 1]]);
    expect(htableEntries({}).size).toBe(0);
  });
});
