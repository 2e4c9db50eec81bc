import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readHostFacts } from './hostFacts';

describe('readHostFacts', () => {
  it('reads rmem_max and the cores this process may use', () => {
    expect(readHostFacts(() => '4194304\n')).toEqual({ cpus: availableParallelism(), rmemMaxBytes: 4_194_304 });
  });

  it("falls back to Linux's default buffer when /proc cannot be read or makes no sense", () => {
    expect(readHostFacts(() => {
      throw new Error('ENOENT');
    }).rmemMaxBytes).toBe(212_992);
    expect(readHostFacts(() => 'garbage').rmemMaxBytes).toBe(212_992);
  });
});
