import { describe, expect, it } from 'vitest';
import { ConfigSnapshotSchema, type ConfigSnapshot } from '@shared/model/snapshot';
import type { EngineApplier } from '../store/ports';
import { Firewall, withFirewall } from './firewall';
import type { NftRunner } from './nftRunner';

const snap = (over: Record<string, unknown> = {}): ConfigSnapshot => ConfigSnapshotSchema.parse({ revision: 1, hash: '0'.repeat(64), ...over });

function fakeNft(fail?: string): NftRunner & { scripts: string[] } {
  const scripts: string[] = [];
  return {
    scripts,
    apply: async (s) => {
      if (fail) throw new Error(fail);
      scripts.push(s);
    },
    json: async () => {
      throw new Error('Error: No such file or directory; did you mean table ...');
    },
  };
}

const engine: EngineApplier = { plan: () => [{ kind: 'runtime-set', target: 'kamailio', detail: 'x' }], apply: async () => [{ kind: 'runtime-set', target: 'kamailio', detail: 'x' }] };

describe('withFirewall', () => {
  it('touches nftables only when the firewall part of the configuration changes', async () => {
    const nft = fakeNft();
    const applier = withFirewall(engine, new Firewall({ nft, sipPorts: () => [5060], sshSources: () => [] }));
    const off = snap({ params: {} });
    const on = snap({ firewallRules: [{ name: 'policy', kind: 'policy', closeSipToOthers: true }] });
    expect(applier.plan(off, snap({ params: { SS_SIP_TIMEOUT_RINGING: 30 } })).map((a) => a.target)).toEqual(['kamailio']);
    expect(await applier.apply(off, off)).toHaveLength(1);
    expect(nft.scripts).toEqual([]);
    expect(applier.plan(off, on).map((a) => a.target)).toEqual(['nftables', 'kamailio']);
    await applier.apply(off, on);
    expect(nft.scripts[0]).toContain('counter drop comment "sip-closed"');
    await applier.apply(on, off);
    expect(nft.scripts[1]).toBe('table inet switchdeck\ndelete table inet switchdeck\n');
  });

  it('fails the apply naming the firewall when nft refuses, before the engine changes', async () => {
    let engineApplied = false;
    const applier = withFirewall({ ...engine, apply: async () => ((engineApplied = true), []) }, new Firewall({ nft: fakeNft('nft failed (exit 1): Error: Could not process rule'), sipPorts: () => [5060], sshSources: () => [] }));
    await expect(applier.apply(snap(), snap({ firewallRules: [{ name: 'p', kind: 'policy' }] }))).rejects.toThrow(/^firewall: nft failed/);
    expect(engineApplied).toBe(false);
  });
});
