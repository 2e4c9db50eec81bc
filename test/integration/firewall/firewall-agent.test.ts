// The firewall through the real agent: the built switch-agent runs inside a server network namespace
// this test creates (engine off; a UDP echo stands for Kamailio's SIP socket, a real sshd for SSH),
// the test drives it over its admin socket like the app does, and traffic comes from a client
// namespace. config.apply turns the table on (a stranger's SIP dropped, a gateway's passes); the
// SSH session open at apply time is in the management set, and a new SSH connection from its
// address still gets in while that address is blocked; firewall.block drops a source until its
// time runs out; an unconfirmed change is rolled back, table included. The machine's own nftables
// are never touched: nft only ever runs inside the namespace.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../../../electron/core/agent';
import { waitFor } from '../engine/procs';
import { createNetnsPair, echoes, sshBanner, startEcho, startSshdIn, type NetnsPair } from './netns';
import { startAgentInNetns, type NetnsAgent } from './netnsAgent';

const STRANGER = '10.99.0.2';
const GATEWAY = '10.99.0.3';
const ADMIN = '10.99.0.4';
const ADMIN6 = 'fd00:99::4';
const STRANGER6 = 'fd00:99::2';
const SIP_PORT = 5060;
const SSH_PORT = 22;
const GATEWAY_BLOCK_SEC = 8;

function canUseNetns(): boolean {
  try {
    execFileSync('nft', ['--version'], { stdio: 'ignore' });
    return process.getuid?.() === 0 && existsSync('/usr/sbin/sshd');
  } catch {
    return false;
  }
}
const usable = canUseNetns();

describe.skipIf(!usable)(`firewall through the agent in a network namespace${usable ? '' : ' (skipped: needs root, nft and sshd)'}`, () => {
  let pair: NetnsPair;
  let dir = '';
  const procs: ChildProcess[] = [];
  let agent: NetnsAgent | undefined;
  let client: AgentClient;
  let sshd: ChildProcess | undefined;

  const apply = (ops: unknown[], confirmWithinSec?: number) => agent!.apply(ops, confirmWithinSec);
  const policy = (closeSipToOthers: boolean) => ({ op: 'firewallRule.upsert', rule: { name: 'policy', kind: 'policy', closeSipToOthers, sshPort: SSH_PORT } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-fwa-'));
    pair = createNetnsPair(`a${process.pid % 10000}`, [STRANGER, GATEWAY, ADMIN, ADMIN6, STRANGER6]);
    procs.push(startEcho(dir, pair.server, SIP_PORT));
    await waitFor('echo server', 5000, () => (echoes(pair, dir, STRANGER, SIP_PORT, 1) === 1 ? true : undefined));
    sshd = await startSshdIn(pair.server, dir, SSH_PORT);
    // The operators' SSH sessions (one over IPv4, one over IPv6), open while the firewall is applied.
    for (const from of [ADMIN, ADMIN6]) {
      const session = sshBanner(pair, dir, from, SSH_PORT, true);
      procs.push(session.proc);
      expect(await session.banner).toBe(true);
    }
    agent = await startAgentInNetns(pair.server, dir, { engine: { enabled: false, sipPort: SIP_PORT }, monitor: { enabled: false } });
    client = agent.client;
  }, 40_000);

  afterAll(async () => {
    await agent?.stop();
    for (const p of procs) p.kill();
    if (sshd?.pid) {
      try {
        process.kill(-sshd.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    pair?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is off and runs no nft until the configuration has firewall rules', async () => {
    expect(await client.call('firewall.status', {})).toMatchObject({ enabled: false, active: false, problem: null, rules: [], blocked: [] });
    expect(() => pair.exec(pair.server, ['nft', 'list', 'table', 'inet', 'switchdeck'])).toThrow();
    await expect(client.call('firewall.block', { address: STRANGER, seconds: 5 })).rejects.toThrow('the firewall is off');
  });

  it('applying firewall rules puts the table in place: a stranger\'s SIP is dropped, the gateway\'s passes, the SSH session is let in', async () => {
    const applied = await apply([{ op: 'mappingGateway.upsert', gateway: { name: 'gw', authMode: 'ip', ips: [{ ip: GATEWAY }] } }, policy(true)]);
    expect(applied.plan.map((a) => a.target)).toContain('nftables');
    expect(echoes(pair, dir, STRANGER, SIP_PORT, 3)).toBe(0);
    expect(echoes(pair, dir, STRANGER6, SIP_PORT, 2)).toBe(0);
    expect(echoes(pair, dir, GATEWAY, SIP_PORT, 3)).toBe(3);
    const status = await client.call('firewall.status', {});
    expect(status).toMatchObject({ enabled: true, active: true, problem: null, sshSources: [ADMIN, ADMIN6] });
    expect(status.rules.find((r) => r.id === 'sip-closed')?.packets).toBe(5);
    expect(pair.exec(pair.server, ['nft', 'list', 'set', 'inet', 'switchdeck', 'mgmt_allow4'])).toContain(ADMIN);
    expect(pair.exec(pair.server, ['nft', 'list', 'set', 'inet', 'switchdeck', 'mgmt_allow6'])).toContain(ADMIN6);
  });

  it('firewall.block drops a source until its time runs out; the SSH clients\' addresses (IPv4 and IPv6) keep reaching sshd while blocked', async () => {
    // Long enough that the checks below run before it ends on a loaded machine (each echo check
    // starts a node process in the namespace); checked first thing, with the time it had left.
    const { blocked } = await client.call('firewall.block', { address: GATEWAY, seconds: GATEWAY_BLOCK_SEC });
    expect(blocked).toMatchObject({ address: GATEWAY, origin: 'operator', by: 'alice' });
    expect(echoes(pair, dir, GATEWAY, SIP_PORT, 2), `the gateway got through ${blocked.endsAt - Date.now()} ms before its block ends`).toBe(0);
    await client.call('firewall.block', { address: ADMIN, seconds: 30 });
    await client.call('firewall.block', { address: ADMIN6, seconds: 20 });
    const status = await client.call('firewall.status', {});
    expect(status.blocked.map((b) => [b.address, b.origin, b.by])).toEqual([[ADMIN, 'operator', 'alice'], [ADMIN6, 'operator', 'alice'], [GATEWAY, 'operator', 'alice']]);
    expect(echoes(pair, dir, ADMIN6, SIP_PORT, 2)).toBe(0);
    // The server forgets the clients' link addresses: reaching them again needs IPv6 neighbour
    // discovery (ICMPv6), which a block of the address must not stop.
    pair.exec(pair.server, ['ip', 'neigh', 'flush', 'all']);
    expect(await sshBanner(pair, dir, ADMIN, SSH_PORT).banner).toBe(true);
    expect(await sshBanner(pair, dir, ADMIN6, SSH_PORT).banner).toBe(true);
    await waitFor('the block to run out', Math.max(0, blocked.endsAt - Date.now()) + 8000, () => (echoes(pair, dir, GATEWAY, SIP_PORT, 1) === 1 ? true : undefined));
    await client.call('firewall.unblock', { address: ADMIN });
    await client.call('firewall.unblock', { address: ADMIN6 });
    await expect(client.call('firewall.unblock', { address: ADMIN })).rejects.toThrow(`${ADMIN} is not blocked`);
  }, 40_000);

  it('an unconfirmed firewall change rolls back by itself, table included', async () => {
    await apply([policy(false)], 10);
    expect(echoes(pair, dir, STRANGER, SIP_PORT, 2)).toBe(2);
    await waitFor('the automatic rollback', 20_000, async () => {
      const { revisions } = await client.call('config.history', { limit: 1 });
      return revisions[0]?.kind === 'auto-rollback' ? true : undefined;
    });
    expect(echoes(pair, dir, STRANGER, SIP_PORT, 2)).toBe(0);
    expect(echoes(pair, dir, GATEWAY, SIP_PORT, 2)).toBe(2);
  }, 30_000);
});
