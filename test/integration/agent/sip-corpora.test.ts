// Public SIP corpora replayed against the real Kamailio the agent starts: RFC 4475 torture
// messages and the PROTOS c07-sip cases. Neither is part of this repository (RFC 4475's text is
// under the IETF Trust's terms, PROTOS is GPLv2): both are read from ../shared/testdata beside
// the repository when it is there, and each test says in its name when it is skipped.
// Every message is rewritten to loopback first and checked to hold no other address, so the
// engine has nowhere off this machine to send a reply.
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../../../electron/core/agent';
import { haveBinary, options, run, waitFor } from '../engine/procs';
import { fillProtosTemplate, parseProtosCase } from '../../support/protosCase';
import { offMachineAddresses, rewriteToLoopback, type LoopbackPlan } from '../../support/sipLoopback';
import { Gateways, startTestAgent, type TestAgent } from './agentHarness';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TESTDATA = resolve(REPO, '..', 'shared', 'testdata');
const TORTURE = join(TESTDATA, 'sip-torture-rfc4475');
const PROTOS = join(TESTDATA, 'protos-c07-sip', 'cases');
const SCENARIOS = fileURLToPath(new URL('../engine/scenarios/', import.meta.url));
const SOURCE = '127.0.0.9';
const CALLER = '127.0.0.2';
const GW_OK = '127.0.0.4';
/** The largest UDP payload over IPv4; longer PROTOS cases are cut there, as the network would. */
const MAX_DATAGRAM = 65_507;
/** PROTOS cases between two liveness probes: the probe's answer paces the replay. */
const PROBE_EVERY = 50;

const missing = ['kamailio', 'sipp', 'rtpengine'].filter((b) => !haveBinary(b, b === 'rtpengine' ? ['--version'] : ['-v']));
if (missing.length > 0 && process.env.CI) throw new Error(`SIP corpus tests need ${missing.join(', ')}`);
const absent = (dir: string) => (existsSync(dir) ? '' : ` (skipped: ${relative(REPO, dir)} is not present)`);

/** One UDP socket on the source address: sends the corpus and keeps every reply the engine sends back. */
class SourceSocket {
  readonly replies: string[] = [];
  private constructor(private readonly s: Socket, readonly port: number) {
    s.on('message', (m) => this.replies.push(m.toString('latin1')));
  }
  static open(): Promise<SourceSocket> {
    return new Promise((resolvePort, reject) => {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind(0, SOURCE, () => resolvePort(new SourceSocket(s, s.address().port)));
    });
  }
  send(text: string, to: { host: string; port: number }): Promise<void> {
    const bytes = Buffer.from(text, 'latin1').subarray(0, MAX_DATAGRAM);
    return new Promise((done, fail) => this.s.send(bytes, to.port, to.host, (e) => (e ? fail(e) : done())));
  }
  /**
   * Sends an OPTIONS and waits for the engine's answer: the engine is alive and has caught up.
   * Like a SIP client it sends again every 500 ms (the kernel may have dropped it behind a burst
   * of large datagrams), for at most 10 s.
   */
  async probe(to: { host: string; port: number }, tag: string): Promise<void> {
    const text = options(SOURCE, this.port, to, tag);
    let sentAt = 0;
    await waitFor(`an answer to OPTIONS ${tag}`, 10_000, async () => {
      if (this.replies.some((r) => r.includes(`Call-ID: ${tag}@`))) return true;
      if (Date.now() - sentAt >= 500) {
        sentAt = Date.now();
        await this.send(text, to);
      }
      return undefined;
    });
  }
  close(): void {
    this.s.close();
  }
}

describe.skipIf(missing.length > 0)(`SIP corpora against the agent's Kamailio${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`, () => {
  let t: TestAgent;
  let gateways: Gateways;
  let sock: SourceSocket;
  let admin: AgentClient;
  let plan: LoopbackPlan;
  let pid: number | null;

  /** Rewrites to loopback and refuses to send anything that still names another machine. */
  const prepare = (name: string, message: string): string => {
    const out = rewriteToLoopback(message, plan);
    expect(offMachineAddresses(out), `${name} still names another machine after the rewrite`).toEqual([]);
    return out;
  };

  const callStillWorks = async (callee: string) => {
    const r = await run('sipp', [
      '-sf', join(SCENARIOS, 'uac_call.xml'), '-i', CALLER, '-s', callee, `${t.sip.host}:${t.sip.port}`,
      '-m', '1', '-r', '1', '-timeout', '15s', '-nostdin',
    ], t.dir, 20_000);
    expect(r.code, `${r.output}\n--- agent log ---\n${t.log.text()}`).toBe(0);
  };

  const sameKamailio = async () => {
    const k = await t.kamailio();
    expect(k.state).toBe('running');
    expect(k.pid).toBe(pid);
    expect(k.restarts).toBe(0);
  };

  beforeAll(async () => {
    t = await startTestAgent();
    gateways = new Gateways(t.dir);
    const okPort = await gateways.start(GW_OK, join(SCENARIOS, 'uas_answer.xml'));
    admin = await t.client('admin', 'corpus');
    const { snapshot } = await admin.call('config.get', {});
    await admin.call('config.apply', {
      baseRevision: snapshot.revision,
      ops: [
        { op: 'mappingGateway.upsert', gateway: { name: 'mgw-ip', authMode: 'ip', ips: [{ ip: CALLER }] } },
        { op: 'routingGateway.upsert', gateway: { name: 'gw-ok', addresses: [{ host: GW_OK, port: okPort }] } },
      ],
    });
    sock = await SourceSocket.open();
    plan = { source: { host: SOURCE, port: sock.port }, engine: t.sip };
    pid = (await t.kamailio()).pid;
    expect(pid).not.toBeNull();
  }, 60_000);

  afterAll(async () => {
    sock?.close();
    await gateways?.stop();
    await t?.stop();
  });

  it('agent.info lists exactly the capabilities the hello announced', async () => {
    const info = await admin.call('agent.info', {});
    expect(info.capabilities).toEqual([...admin.capabilities]);
  });

  it.skipIf(!existsSync(TORTURE))(`replays the RFC 4475 torture messages rewritten to loopback; Kamailio keeps its PID and still connects a call${absent(TORTURE)}`, async () => {
    const files = readdirSync(TORTURE).filter((f) => f.endsWith('.sip')).sort();
    expect(files.length).toBe(49);
    for (const f of files) {
      const message = prepare(f, readFileSync(join(TORTURE, f), 'latin1'));
      await sock.send(message, t.sip);
      // One probe after each message: a crash or hang shows up at the message that caused it.
      await sock.probe(t.sip, `torture-${f.replace('.sip', '')}`);
    }
    await sameKamailio();
    await callStillWorks('1005550101');
    // Every reply came back here: none of them was addressed anywhere else.
    expect(sock.replies.length).toBeGreaterThanOrEqual(files.length);
  });

  it.skipIf(!existsSync(PROTOS))(`replays the 4,527 PROTOS c07-sip cases rewritten to loopback, paced by a probe every ${PROBE_EVERY}; Kamailio keeps its PID and still connects a call${absent(PROTOS)}`, async () => {
    const files = readdirSync(PROTOS).sort();
    expect(files.length).toBe(4527);
    const t0 = performance.now();
    let cut = 0;
    for (const [n, f] of files.entries()) {
      const { invite, teardown } = parseProtosCase(readFileSync(join(PROTOS, f), 'latin1'));
      const values = {
        to: `100200300@${t.sip.host}:${t.sip.port}`, from: `protos@${SOURCE}`, fromAddress: SOURCE, localPort: sock.port,
        callId: `protos-${f}`, branch: f, cseq: 1, teardownMethod: 'CANCEL',
      };
      for (const template of [invite, teardown]) {
        const message = prepare(`PROTOS case ${f}`, fillProtosTemplate(template, values));
        if (message.length > MAX_DATAGRAM) cut++;
        await sock.send(message, t.sip);
      }
      if (n % PROBE_EVERY === PROBE_EVERY - 1) await sock.probe(t.sip, `protos-probe-${n}`);
    }
    await sock.probe(t.sip, 'protos-probe-last');
    console.info(`PROTOS: ${files.length} cases (${cut} messages cut to ${MAX_DATAGRAM} bytes) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await sameKamailio();
    await callStillWorks('1005550102');
  }, 120_000);
});
