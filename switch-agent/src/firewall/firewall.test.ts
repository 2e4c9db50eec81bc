import { describe, expect, it } from 'vitest';
import { ConfigSnapshotSchema, type ConfigSnapshot } from '@shared/model/snapshot';
import type { EngineApplier } from '../store/ports';
import { Firewall, parseStatus, withFirewall } from './firewall';
import { sipPortsOf, sipTcpPortsOf } from './index';
import { NftUnavailableError, type NftRunner } from './nftRunner';

const snap = (over: Record<string, unknown> = {}): ConfigSnapshot => ConfigSnapshotSchema.parse({ revision: 1, hash: '0'.repeat(64), ...over });

function fakeNft(fail?: string | Error): NftRunner & { scripts: string[] } {
  const scripts: string[] = [];
  return {
    scripts,
    apply: async (s) => {
      if (fail) throw typeof fail === 'string' ? new Error(fail) : fail;
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

  it('never runs nft while neither side has firewall rules, and reports each outcome', async () => {
    const nft = fakeNft();
    const results: (string | null)[] = [];
    const applier = withFirewall(engine, new Firewall({ nft, sipPorts: () => [5060], sshSources: () => { throw new Error('SSH sources read for a firewall that is off'); } }), (p) => results.push(p));
    await applier.apply(snap(), snap({ params: { SS_SIP_TIMEOUT_RINGING: 30 } }));
    expect(nft.scripts).toEqual([]);
    expect(results).toEqual([]);
  });

  it('keeps the SSH sessions on the policy\'s SSH port in the management set', async () => {
    const nft = fakeNft();
    const asked: number[] = [];
    const applier = withFirewall(engine, new Firewall({ nft, sipPorts: () => [5060], sshSources: (port) => (asked.push(port), ['198.51.100.7']) }));
    await applier.apply(snap(), snap({ firewallRules: [{ name: 'p', kind: 'policy', sshPort: 2222 }] }));
    expect(asked).toContain(2222);
    expect(nft.scripts[0]).toContain('elements = { 198.51.100.7 }');
    expect(nft.scripts[0]).toContain('tcp dport 2222 ip saddr @mgmt_allow4 counter accept comment "ssh-management"');
  });

  it('names why a firewall cannot be applied where nft cannot run, and a rollback to no firewall still succeeds there', async () => {
    const results: (string | null)[] = [];
    const denied = new NftUnavailableError('the agent is not allowed to change nftables: it must run as root or with the CAP_NET_ADMIN capability (nft said: Operation not permitted)');
    const applier = withFirewall(engine, new Firewall({ nft: fakeNft(denied), sipPorts: () => [5060], sshSources: () => [] }), (p) => results.push(p));
    const on = snap({ firewallRules: [{ name: 'p', kind: 'policy' }] });
    await expect(applier.apply(snap(), on)).rejects.toThrow('firewall: the agent is not allowed to change nftables');
    await expect(applier.apply(on, snap())).resolves.toHaveLength(2);
    expect(results).toEqual([denied.message, null]);
  });
});

describe('Firewall.block and status', () => {
  it('replaces an existing entry in one transaction, with who blocked it in a comment nft cannot misread', async () => {
    const nft = fakeNft();
    await new Firewall({ nft, sipPorts: () => [5060], sshSources: () => [] }).block('192.0.2.9', 60, 'operator al"ice\nflush ruleset');
    expect(nft.scripts[0]).toBe(
      'add element inet switchdeck blocked4 { 192.0.2.9 }\ndelete element inet switchdeck blocked4 { 192.0.2.9 }\nadd element inet switchdeck blocked4 { 192.0.2.9 timeout 60s comment "operator al_ice_flush ruleset" }\n',
    );
  });

  it('blocks an IPv6 source in the IPv6 set, written as nft prints it so that unblocking it finds it', async () => {
    const nft = fakeNft();
    await new Firewall({ nft, sipPorts: () => [5060], sshSources: () => [] }).block('FD00:99:0:0::0002', 60, 'operator alice');
    expect(nft.scripts[0]).toBe(
      'add element inet switchdeck blocked6 { fd00:99::2 }\ndelete element inet switchdeck blocked6 { fd00:99::2 }\nadd element inet switchdeck blocked6 { fd00:99::2 timeout 60s comment "operator alice" }\n',
    );
    await expect(new Firewall({ nft, sipPorts: () => [5060], sshSources: () => [] }).block('fd00::1; flush ruleset', 60, 'x')).rejects.toThrow(/^address: must be an IPv4 or IPv6 address/);
  });

  it('reads one rule written for both families as one, its counters summed, and blocks of either family', () => {
    const doc = {
      nftables: [
        { rule: { comment: 'blocked', expr: [{ match: {} }, { counter: { packets: 2, bytes: 200 } }, { drop: null }] } },
        { rule: { comment: 'blocked', expr: [{ match: {} }, { counter: { packets: 3, bytes: 330 } }, { drop: null }] } },
        { set: { name: 'blocked4', elem: [{ elem: { val: '192.0.2.9', timeout: 60, expires: 42, comment: 'operator bob' } }] } },
        { set: { name: 'blocked6', elem: [{ elem: { val: 'fd00:99::2', timeout: 60, expires: 7, comment: 'suspension register' } }] } },
      ],
    };
    expect(parseStatus(doc)).toEqual({
      managed: true,
      rules: [{ comment: 'blocked', text: 'Blocked sources: dropped', packets: 5, bytes: 530 }],
      blocked: [{ address: '192.0.2.9', expiresSec: 42, origin: 'operator bob' }, { address: 'fd00:99::2', expiresSec: 7, origin: 'suspension register' }],
    });
  });

  it('reads rules, counters and block entries with their origin', () => {
    const doc = {
      nftables: [
        { rule: { comment: 'sip-closed', expr: [{ match: {} }, { counter: { packets: 4, bytes: 400 } }, { drop: null }] } },
        { set: { name: 'blocked4', elem: [{ elem: { val: '192.0.2.9', timeout: 60, expires: 42, comment: 'suspension register' } }] } },
      ],
    };
    expect(parseStatus(doc)).toEqual({
      managed: true,
      rules: [{ comment: 'sip-closed', text: 'SIP from any other source: dropped', packets: 4, bytes: 400 }],
      blocked: [{ address: '192.0.2.9', expiresSec: 42, origin: 'suspension register' }],
    });
  });
});

describe('SIP ports of a configuration', () => {
  it('are the settings file\'s UDP port without listeners, else each listener\'s port by its transport (TLS over TCP)', () => {
    expect([sipPortsOf(snap(), 5060), sipTcpPortsOf(snap())]).toEqual([[5060], []]);
    const s = snap({ sipListeners: [{ name: 'a', address: '0.0.0.0', port: 5070 }, { name: 'b', address: '0.0.0.0', port: 5071, transport: 'tcp' }, { name: 'c', address: '0.0.0.0', port: 5072, transport: 'tls' }, { name: 'd', address: '0.0.0.0', port: 5073, transport: 'udp' }] });
    expect([sipPortsOf(s, 5060), sipTcpPortsOf(s)]).toEqual([[5070, 5073], [5071, 5072]]);
  });
});
