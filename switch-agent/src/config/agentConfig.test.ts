import { describe, it, expect } from 'vitest';
import { parseAgentConfig } from './agentConfig';

describe('parseAgentConfig', () => {
  it('fills every default from an empty file', () => {
    const r = parseAgentConfig('', 'agent.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.socketDir).toBe('/run/switch-agent');
    expect(r.config.engine.sipPort).toBe(5060);
    expect(r.config.engine.shmMb).toBeNull();
  });

  it('keeps given values and defaults the rest', () => {
    const r = parseAgentConfig(JSON.stringify({ dataDir: '/tmp/x', engine: { sipPort: 15060 } }), 'agent.json');
    expect(r.ok && r.config.dataDir).toBe('/tmp/x');
    expect(r.ok && r.config.engine.sipPort).toBe(15060);
    expect(r.ok && r.config.engine.rtpPortMin).toBe(23000);
  });

  it('names the field of each error', () => {
    const r = parseAgentConfig(JSON.stringify({ dataDir: 'relative', engine: { sipPort: 70000, rtpPortMin: 5000, rtpPortMax: 4000 } }), 'agent.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join('\n')).toMatch(/agent\.json: dataDir: must be an absolute path/);
    expect(r.errors.join('\n')).toMatch(/engine\.sipPort/);
  });

  it('refuses a private memory too small for the cfg to parse (4 MB) and accepts 5', () => {
    const four = parseAgentConfig(JSON.stringify({ engine: { pkgMb: 4 } }), 'agent.json');
    expect(four.ok).toBe(false);
    if (!four.ok) expect(four.errors.join('\n')).toMatch(/engine\.pkgMb/);
    const five = parseAgentConfig(JSON.stringify({ engine: { pkgMb: 5 } }), 'agent.json');
    expect(five.ok && five.config.engine.pkgMb).toBe(5);
  });

  it('reports broken JSON with the file name', () => {
    const r = parseAgentConfig('{ nope', '/etc/switch-agent/agent.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^\/etc\/switch-agent\/agent\.json: not valid JSON/);
  });
});
