import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentConfigSchema } from '../config/agentConfig';
import { assertMediaPortsOutsideEphemeral, mediaRangeProblem, parseLocalPortRange } from './mediaPorts';

const LINUX_DEFAULT = { min: 32768, max: 60999 };

describe('media ports and the kernel ephemeral range', () => {
  it('reads the /proc file format', () => {
    expect(parseLocalPortRange('32768\t60999\n')).toEqual(LINUX_DEFAULT);
    expect(parseLocalPortRange('1024 65535')).toEqual({ min: 1024, max: 65535 });
    expect(parseLocalPortRange('60999 32768')).toBeUndefined();
    expect(parseLocalPortRange('')).toBeUndefined();
  });

  it('names both ranges when they overlap, at either edge', () => {
    expect(mediaRangeProblem({ min: 30000, max: 40000 }, LINUX_DEFAULT)).toMatch(/^engine\.rtpPortMin–rtpPortMax \(30000–40000\) overlaps the kernel's ephemeral port range \(32768–60999/);
    expect(mediaRangeProblem({ min: 60999, max: 61100 }, LINUX_DEFAULT)).not.toBeNull();
    expect(mediaRangeProblem({ min: 32000, max: 32768 }, LINUX_DEFAULT)).not.toBeNull();
    expect(mediaRangeProblem({ min: 61000, max: 65535 }, LINUX_DEFAULT)).toBeNull();
  });

  it('the default media range lies below the Linux default ephemeral range and excludes the ng control port', () => {
    const { engine } = AgentConfigSchema.parse({});
    expect(mediaRangeProblem({ min: engine.rtpPortMin, max: engine.rtpPortMax }, LINUX_DEFAULT)).toBeNull();
    expect(engine.rtpengineNgPort < engine.rtpPortMin || engine.rtpengineNgPort > engine.rtpPortMax).toBe(true);
  });
});

describe('assertMediaPortsOutsideEphemeral', () => {
  it('refuses an overlapping media range read against the given file, and passes one outside it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sd-ports-')), 'ip_local_port_range');
    writeFileSync(file, '32768\t60999\n');
    expect(() => assertMediaPortsOutsideEphemeral({ min: 30000, max: 40000 }, file)).toThrow(/refuses to start: .*\(30000–40000\).*\(32768–60999/);
    expect(() => assertMediaPortsOutsideEphemeral({ min: 23000, max: 32767 }, file)).not.toThrow();
    // Where the kernel does not say (no such file), there is nothing to compare with.
    expect(() => assertMediaPortsOutsideEphemeral({ min: 30000, max: 40000 }, join(file, 'missing'))).not.toThrow();
  });
});
