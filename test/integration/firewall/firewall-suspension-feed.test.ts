// Suspensions reach the kernel: the built agent runs with its real Kamailio + rtpengine inside a
// server network namespace this test creates, the firewall on, and SIP comes from a client
// namespace over a veth pair (loopback is always let in, so it could prove nothing). A REGISTER
// flood and a sipvicious svcrack run get their sources suspended by Kamailio's limits; the agent's
// suspension feed then puts them in the firewall's block set, and the kernel drops their packets —
// counted by the `blocked` rule, with no reply even to an OPTIONS that Kamailio answers a
// REGISTER-suspended source. A lifted suspension is let in at once; the other ends on its own time.
// nft only ever runs inside the namespace.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinary, run, waitFor } from '../engine/procs';
import { SERVER_IP, createNetnsPair, sipFrom, type NetnsPair } from './netns';
import { startAgentInNetns, type NetnsAgent } from './netnsAgent';
import { svcrackCommand, SVCRACK_FROM } from '../agent/svcrack';

const GUESSER = '10.99.0.2';
const FLOODER = '10.99.0.3';
const SIP_PORT = 5060;
const ACCOUNT = '1001';
const PASSWORD = 'right-pw';
/** The shortest REGISTER suspension the catalog allows. */
const REGISTER_SUSPEND_SEC = 30;

function usable(): string[] {
  const missing = ['kamailio', 'rtpengine', 'svcrack'].filter((b) => !haveBinary(b, b === 'kamailio' ? ['-v'] : ['--version']));
  try {
    execFileSync('nft', ['--version'], { stdio: 'ignore' });
  } catch {
    missing.push('nft');
  }
  if (process.getuid?.() !== 0) missing.push('root');
  return missing;
}
const missing = usable();
if (missing.length > 0 && process.env.CI) throw new Error(`the suspension feed test needs ${missing.join(', ')}`);


describe.skipIf(missing.length > 0)(`suspensions fed to the firewall, real engine in a network namespace${missing.length ? ` (skipped: needs ${missing.join(', ')})` : ''}`, () => {
  let pair: NetnsPair;
  let dir = '';
  let agent: NetnsAgent;
  let floodSuspendedAt = 0;

  const status = () => agent.client.call('firewall.status', {});
  const blockedCount = async () => (await status()).rules.find((r) => r.id === 'blocked')?.packets ?? 0;
  const options = (from: string, n = 1) => sipFrom(pair, dir, from, SIP_PORT, Array.from({ length: n }, () => ({ method: 'OPTIONS' as const, user: 'probe' })));
  /** Polls firewall.status until `address` is in the block set put there by a suspension of `kind`. */
  const blockedBySuspension = (address: string, kind: string) =>
    waitFor(`${address} blocked by its ${kind} suspension\n${agent.output()}`, 12_000, async () =>
      (await status()).blocked.find((b) => b.address === address && b.origin === 'suspension' && b.by === kind));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-fwfeed-'));
    pair = createNetnsPair(`f${process.pid % 10000}`, [GUESSER, FLOODER]);
    agent = await startAgentInNetns(pair.server, dir, {
      engine: { sipAddress: SERVER_IP, sipPort: SIP_PORT, rtpengineNgPort: 22222, rtpPortMin: 23000, rtpPortMax: 23099, shmMb: 64, pkgMb: 8 },
      monitor: { enabled: false },
    }, 30_000);
    const applied = await agent.apply([
      { op: 'endpoint.upsert', endpoint: { name: ACCOUNT, password: { set: true, value: PASSWORD } } },
      { op: 'firewallRule.upsert', rule: { name: 'policy', kind: 'policy' } },
      // One wrong password suspends (svcrack's first guess), before its REGISTERs pass SS_ENDPOINTREGISTERRETRY.
      { op: 'param.set', name: 'SS_AUTHENTICATION_MAX_RETRY', value: 1 },
      { op: 'param.set', name: 'SS_ENDPOINTREGISTERRETRY', value: 2 },
      { op: 'param.set', name: 'SS_ENDPOINTREGISTERSUSPENDTIME', value: REGISTER_SUSPEND_SEC },
    ]);
    expect(applied.plan.map((a) => a.target)).toContain('nftables');
  }, 45_000);

  afterAll(async () => {
    await agent?.stop();
    pair?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a REGISTER flood suspends its source and the kernel then drops all of it, even the OPTIONS Kamailio still answers such a source', async () => {
    // Kamailio answers an unknown source's OPTIONS (challenged: SS_REPLY_UNAUTHORIZED is On).
    expect(options(FLOODER)).toEqual([401]);
    const flood = sipFrom(pair, dir, FLOODER, SIP_PORT, Array.from({ length: 4 }, (_, i) => ({ method: 'REGISTER' as const, user: `u${i}` })));
    floodSuspendedAt = Date.now();
    // SS_ENDPOINTREGISTERRETRY 2: the 3rd failed REGISTER suspends the source; Kamailio drops the 4th.
    expect(flood).toEqual([401, 401, 401, 'none']);
    const { suspensions } = await agent.client.call('registrations.suspensions', {});
    expect(suspensions.map((s) => [s.address, s.kind])).toEqual([[FLOODER, 'register']]);

    const block = await blockedBySuspension(FLOODER, 'register');
    expect(block.remainingSec).toBeLessThanOrEqual(REGISTER_SUSPEND_SEC);
    expect(block.remainingSec).toBeGreaterThan(REGISTER_SUSPEND_SEC - 10);
    const before = await blockedCount();
    expect(options(FLOODER, 3)).toEqual(['none', 'none', 'none']);
    expect((await blockedCount()) - before).toBe(3);
    // The other source is untouched.
    expect(options(GUESSER)).toEqual([401]);
  }, 20_000);

  it('svcrack is suspended by SS_AUTHENTICATION_MAX_RETRY, finds nothing, and is blocked in the kernel until its suspension is lifted', async () => {
    // A second try (CI) starts from a source that is heard: the first may have left it suspended and blocked.
    const { suspensions: left } = await agent.client.call('registrations.suspensions', {});
    if (left.some((x) => x.address === GUESSER)) await agent.client.call('registrations.liftSuspension', { address: GUESSER });
    await waitFor('the guessing source to be answered before svcrack runs', 12_000, () => (options(GUESSER)[0] === 401 ? true : undefined));
    const svcrack = svcrackCommand();
    const words = join(dir, 'words.txt');
    writeFileSync(words, [...Array.from({ length: 20 }, (_, i) => `guess${i}`), PASSWORD].join('\n') + '\n');
    const prevHome = process.env.HOME;
    process.env.HOME = dir; // svcrack keeps its session files in HOME
    const pending = run('ip', ['netns', 'exec', pair.client, svcrack.python, SVCRACK_FROM, svcrack.path, GUESSER,
      '-u', ACCOUNT, '-e', ACCOUNT, '-d', words, '-p', String(SIP_PORT), '-x', GUESSER, '--maximumtime', '3', SERVER_IP], dir, 40_000);
    process.env.HOME = prevHome;
    const crack = await pending;
    expect(crack.output).not.toContain(PASSWORD);
    expect(crack.output).toMatch(/since we last received a response - stopping/);

    await blockedBySuspension(GUESSER, 'authentication');
    const before = await blockedCount();
    expect(options(GUESSER, 2)).toEqual(['none', 'none']);
    expect((await blockedCount()) - before).toBe(2);

    // The operator lifts the suspension: the feed takes the block away too, and the source is heard again.
    const { lifted } = await agent.client.call('registrations.liftSuspension', { address: GUESSER });
    // Its authentication suspension; a REGISTER suspension may come with it. Every challenged REGISTER
    // counts towards SS_ENDPOINTREGISTERRETRY (2 here), and on the loaded CI machine svcrack's
    // retransmitted or concurrent REGISTERs were challenged again before the suspension held
    // (seen: authentication and register). Either way the source was stopped and nothing was found.
    const kinds = lifted.map((s) => s.kind);
    expect(kinds).toContain('authentication');
    expect(kinds.filter((k) => k !== 'authentication' && k !== 'register')).toEqual([]);
    await waitFor('the lifted source to be answered again', 12_000, () => (options(GUESSER)[0] === 401 ? true : undefined));
    expect((await status()).blocked.map((b) => b.address)).not.toContain(GUESSER);
  }, 45_000);

  it('the REGISTER suspension ends on its own time and its source is let in again', async () => {
    const answeredAt = await waitFor('the flood source to be answered again', (REGISTER_SUSPEND_SEC + 10) * 1000, () => (options(FLOODER)[0] === 401 ? Date.now() : undefined));
    // Not before the suspension's time (Kamailio's clock has 1-s steps; the block is read back to the second).
    expect(answeredAt - floodSuspendedAt).toBeGreaterThan((REGISTER_SUSPEND_SEC - 2) * 1000);
    expect((await status()).blocked).toEqual([]);
    expect(sipFrom(pair, dir, FLOODER, SIP_PORT, [{ method: 'REGISTER', user: 'again' }])).toEqual([401]);
  }, 45_000);
});
