// The agent's firewall against real nftables, only inside network namespaces this test creates:
// SIP (UDP) reaches the server from gateways and allow-lists and not from others when closed, a
// per-source rate drops the excess, a blocked source is dropped until its time runs out, counters
// show it, another table in the namespace is never touched, and removing the firewall from the
// configuration removes only the agent's table. IPv6 (ULA addresses on the same veth pair) is
// filtered like IPv4: gateways, allow-lists, blocks and per-source rates.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSnapshotSchema, type ConfigSnapshot } from '@shared/model/snapshot';
import { Firewall } from '../../../switch-agent/src/firewall/firewall';
import { sipTcpPortsOf } from '../../../switch-agent/src/firewall/index';
import { spawnNftRunner } from '../../../switch-agent/src/firewall/nftRunner';
import { waitFor } from '../engine/procs';
import { createNetnsPair, echoes, startEcho, tcpConnects, type NetnsPair } from './netns';

const GATEWAY = '10.99.0.3';
const STRANGER = '10.99.0.2';
const GATEWAY6 = 'fd00:99::3';
const STRANGER6 = 'fd00:99::2';
const OFFICE6 = 'fd00:99::41';
const PORT = 5060;
const RTP_PORT = 30000;

function canUseNetns(): boolean {
  try {
    execFileSync('nft', ['--version'], { stdio: 'ignore' });
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}
const usable = canUseNetns();

const snap = (over: Record<string, unknown>): ConfigSnapshot =>
  ConfigSnapshotSchema.parse({ revision: 1, hash: '0'.repeat(64), mappingGateways: [{ name: 'gw', authMode: 'ip', ips: [{ ip: GATEWAY }] }], ...over });

describe.skipIf(!usable)(`agent firewall in a network namespace${usable ? '' : ' (skipped: needs root and nft)'}`, () => {
  let pair: NetnsPair;
  let dir: string;
  let echo: ChildProcess;
  let rtpEcho: ChildProcess;
  let fw: Firewall;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-fw-'));
    pair = createNetnsPair(String(process.pid % 100000), [STRANGER, GATEWAY, STRANGER6, GATEWAY6, OFFICE6]);
    // Someone else's table: must survive everything the agent does.
    pair.exec(pair.server, ['nft', '-f', '-'], 'table inet other {\n chain c {\n  type filter hook input priority 0; policy accept;\n  counter\n }\n}\n');
    echo = startEcho(dir, pair.server, PORT);
    await waitFor('echo server', 5000, () => (echoes(pair, dir, STRANGER, PORT, 1) === 1 ? true : undefined));
    rtpEcho = startEcho(dir, pair.server, RTP_PORT);
    await waitFor('media echo', 5000, () => (echoes(pair, dir, STRANGER, RTP_PORT, 1) === 1 ? true : undefined));
    fw = new Firewall({ nft: spawnNftRunner(['ip', 'netns', 'exec', pair.server, 'nft']), sipPorts: () => [PORT], sipTcpPorts: (s) => sipTcpPortsOf(s), rtpPorts: () => ({ min: RTP_PORT, max: RTP_PORT + 10 }), sshSources: () => ['10.99.0.9'] });
  }, 20_000);

  afterAll(() => {
    echo?.kill();
    rtpEcho?.kill();
    pair?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const otherTable = () => pair.exec(pair.server, ['nft', 'list', 'table', 'inet', 'other']);

  it('closes SIP to everyone but the gateways, and counts what it dropped', async () => {
    await fw.apply(snap({ firewallRules: [{ name: 'policy', kind: 'policy', closeSipToOthers: true }] }));
    expect(echoes(pair, dir, GATEWAY, PORT, 3)).toBe(3);
    expect(echoes(pair, dir, STRANGER, PORT, 3)).toBe(0);
    const status = await fw.status();
    expect(status.managed).toBe(true);
    expect(status.rules.find((r) => r.comment === 'sip-closed')?.packets).toBe(3);
    expect(status.rules.find((r) => r.comment === 'sip-allowed')?.packets).toBe(3);
    expect(pair.exec(pair.server, ['nft', 'list', 'table', 'inet', 'switchdeck'])).toContain('10.99.0.9');
    expect(otherTable()).toContain('chain c');
  });

  it('drops a blocked source until its time runs out, and keeps the block across a rule change', async () => {
    await fw.block(GATEWAY, 6, 'operator test');
    expect(echoes(pair, dir, GATEWAY, PORT, 2)).toBe(0);
    await fw.apply(snap({ firewallRules: [{ name: 'policy', kind: 'policy', closeSipToOthers: true }, { name: 'office', kind: 'allow-sip', sources: [STRANGER] }] }));
    expect((await fw.status()).blocked.map((b) => b.address)).toEqual([GATEWAY]);
    expect(echoes(pair, dir, STRANGER, PORT, 2)).toBe(2);
    await waitFor('the block to expire', 12_000, () => (echoes(pair, dir, GATEWAY, PORT, 1) === 1 ? true : undefined));
    await expect(fw.block('10.99.0.3; flush ruleset', 3, 'operator test')).rejects.toThrow(/^address: must be an IPv4 or IPv6 address/);
  }, 20_000);

  it('limits SIP per source: a burst beyond the rate loses its excess', async () => {
    await fw.apply(snap({ firewallRules: [{ name: 'policy', kind: 'policy', sipRatePerSec: 5, sipBurst: 5 }] }));
    const got = echoes(pair, dir, STRANGER, PORT, 60);
    expect(got).toBeGreaterThanOrEqual(5);
    expect(got).toBeLessThan(30);
    expect((await fw.status()).rules.find((r) => r.comment === 'sip-rate')?.packets).toBeGreaterThan(0);
  });

  it('limits media per source on the media ports, the gateway exempt', async () => {
    await fw.apply(snap({ firewallRules: [{ name: 'policy', kind: 'policy', rtpRatePerSec: 5, rtpBurst: 5 }] }));
    const got = echoes(pair, dir, STRANGER, RTP_PORT, 60);
    expect(got).toBeGreaterThanOrEqual(5);
    expect(got).toBeLessThan(30);
    expect(echoes(pair, dir, GATEWAY, RTP_PORT, 60)).toBe(60);
    expect((await fw.status()).rules.find((r) => r.comment === 'rtp-rate')?.packets).toBeGreaterThan(0);
  });

  it('filters IPv6 like IPv4: closed SIP drops an IPv6 stranger and lets an IPv6 gateway and allow-listed network in; an IPv6 block holds until its time runs out', async () => {
    const closed = snap({
      mappingGateways: [{ name: 'gw', authMode: 'ip', ips: [{ ip: GATEWAY }, { ip: GATEWAY6 }] }],
      firewallRules: [{ name: 'policy', kind: 'policy', closeSipToOthers: true }, { name: 'office6', kind: 'allow-sip', sources: ['fd00:99::40/124'] }],
    });
    await fw.apply(closed);
    const droppedBefore = (await fw.status()).rules.find((r) => r.comment === 'sip-closed')?.packets ?? 0;
    expect(echoes(pair, dir, STRANGER6, PORT, 3)).toBe(0);
    expect(echoes(pair, dir, GATEWAY6, PORT, 3)).toBe(3);
    expect(echoes(pair, dir, OFFICE6, PORT, 3)).toBe(3);
    expect(echoes(pair, dir, STRANGER, PORT, 1)).toBe(0);
    expect((await fw.status()).rules.find((r) => r.comment === 'sip-closed')?.packets).toBe(droppedBefore + 4);

    // Typed long-hand and in capitals: kept, shown and unblocked in the form nft prints.
    await fw.block('FD00:99:0:0:0:0:0:3', 3, 'operator test');
    await fw.block(OFFICE6, 60, 'operator test');
    expect((await fw.status()).blocked.map((b) => b.address).sort()).toEqual([GATEWAY6, OFFICE6]);
    expect(echoes(pair, dir, GATEWAY6, PORT, 2)).toBe(0);
    expect(echoes(pair, dir, GATEWAY, PORT, 2)).toBe(2);
    expect(await fw.unblock('fd00:99:0::41')).toBe(true);
    expect(echoes(pair, dir, OFFICE6, PORT, 1)).toBe(1);
    await waitFor('the IPv6 block to expire', 10_000, () => (echoes(pair, dir, GATEWAY6, PORT, 1) === 1 ? true : undefined));
  }, 20_000);

  it('closes SIP over TCP (a TCP or TLS listener) like SIP over UDP: a stranger cannot connect, the gateway can', async () => {
    const listeners = [{ name: 'udp', address: '0.0.0.0', port: PORT }, { name: 'tls', address: '0.0.0.0', port: PORT, transport: 'tls' }];
    await fw.apply(snap({ sipListeners: listeners, firewallRules: [{ name: 'policy', kind: 'policy', closeSipToOthers: true }] }));
    expect(tcpConnects(pair, dir, STRANGER, PORT)).toBe(false);
    expect(tcpConnects(pair, dir, STRANGER6, PORT)).toBe(false);
    expect(tcpConnects(pair, dir, GATEWAY, PORT)).toBe(true);
    expect(echoes(pair, dir, STRANGER, PORT, 1)).toBe(0);
    // Without the TCP listener in the configuration, TCP on that port is not SIP: left alone.
    await fw.apply(snap({ sipListeners: [listeners[0]], firewallRules: [{ name: 'policy', kind: 'policy', closeSipToOthers: true }] }));
    expect(tcpConnects(pair, dir, STRANGER, PORT)).toBe(true);
  });

  it('limits SIP per IPv6 source too', async () => {
    await fw.apply(snap({ firewallRules: [{ name: 'policy', kind: 'policy', sipRatePerSec: 5, sipBurst: 5 }] }));
    const got = echoes(pair, dir, STRANGER6, PORT, 60);
    expect(got).toBeGreaterThanOrEqual(5);
    expect(got).toBeLessThan(30);
  });

  it('removes only its own table when the configuration has no firewall rules', async () => {
    await fw.apply(snap({}));
    expect(await fw.status()).toEqual({ managed: false, rules: [], blocked: [] });
    expect(echoes(pair, dir, STRANGER, PORT, 2)).toBe(2);
    expect(otherTable()).toContain('chain c');
  });

  it('where the agent may not run nft (no root, no CAP_NET_ADMIN) says so plainly, and going back to no firewall still succeeds', async () => {
    // nft as an unprivileged user: the kernel refuses before anything is read or changed.
    const unprivileged = new Firewall({ nft: spawnNftRunner(['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--inh-caps=-all', '/usr/sbin/nft']), sipPorts: () => [PORT], sshSources: () => [] });
    const on = snap({ firewallRules: [{ name: 'policy', kind: 'policy', closeSipToOthers: true }] });
    await expect(unprivileged.apply(on)).rejects.toThrow('the agent is not allowed to change nftables: it must run as root or with the CAP_NET_ADMIN capability (nft said: Operation not permitted)');
    await expect(unprivileged.status()).rejects.toThrow('the agent is not allowed to change nftables');
    await expect(unprivileged.apply(snap({}))).resolves.toBeUndefined();
  });
});

