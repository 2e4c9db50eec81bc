// A call-control rig around one real agent: sipp routing gateways on their own loopback
// addresses, each logging what reached it (-trace_msg), a sipp caller whose Call-IDs carry a
// per-test tag, and config changes through an admin client. What it reads back is the wire:
// which gateway got which request for a tag, and when.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ConfigOpInput } from '@shared/model/ops';
import type { RoutingGatewayInput } from '@shared/model/routingGateway';
import type { AgentClient } from '../../../electron/core/agent';
import { callerExpectingXml, gatewayXml, requestsInLog, type GatewayEnd, type GatewayStep } from '../engine/gatewayXml';
import { run, type RunResult, SETTLE_MS, waitFor } from '../engine/procs';
import { uacXml } from '../engine/scenarioXml';
import { Gateways, startTestAgent, type TestAgent, type TestAgentOptions } from './agentHarness';

export const CALLER = '127.0.0.2';

export interface CdrAttempt { gateway: string; address: string; code: number; startMs: number; endMs: number; lastReply?: string }

export class GatewayRig {
  private readonly gw = new Map<string, { host: string; port: number; log: string }>();
  private constructor(readonly t: TestAgent, private readonly gateways: Gateways, private readonly admin: AgentClient) {}

  /** Starts an agent (with `opts`, see startTestAgent) and a mapping gateway for CALLER. */
  static async start(opts: TestAgentOptions = {}): Promise<GatewayRig> {
    const t = await startTestAgent(opts);
    const rig = new GatewayRig(t, new Gateways(t.dir), await t.client('admin', 'call-control'));
    await rig.apply([{ op: 'mappingGateway.upsert', gateway: { name: 'mgw-caller', authMode: 'ip', ips: [{ ip: CALLER }] } }]);
    return rig;
  }

  async stop(): Promise<void> {
    await this.gateways.stop();
    await this.t.stop();
  }

  /** `opts.port`: listen on this port (a device that registered from it), else a free one; `opts.sippArgs`: more sipp options. */
  async gateway(key: string, host: string, steps: GatewayStep[], end: GatewayEnd, opts: { answerOptions?: boolean; port?: number; sippArgs?: string[] } = {}): Promise<void> {
    const file = join(this.t.dir, `gw-${key}.xml`);
    writeFileSync(file, gatewayXml(steps, end, opts));
    const log = join(this.t.dir, `gw-${key}.log`);
    const port = await this.gateways.start(host, file, ['-trace_msg', '-message_file', log, ...(opts.sippArgs ?? [])], opts.port);
    this.gw.set(key, { host, port, log });
  }

  /** host:port of a started gateway. */
  address(key: string): string {
    const g = this.gw.get(key);
    if (!g) throw new Error(`no gateway ${key}`);
    return `${g.host}:${g.port}`;
  }

  routing(name: string, prefix: string, priority: number, keys: string[], more: Partial<RoutingGatewayInput> = {}): ConfigOpInput {
    const addresses = keys.map((k) => {
      const [host, port] = this.address(k).split(':') as [string, string];
      return { host, port: Number(port) };
    });
    return { op: 'routingGateway.upsert', gateway: { name, prefixes: [prefix], priority, addresses, ...more } };
  }

  async apply(ops: ConfigOpInput[]) {
    const { snapshot } = await this.admin.call('config.get', {});
    return this.admin.call('config.apply', { baseRevision: snapshot.revision, ops });
  }

  /** One call to `callee` whose Call-ID starts with `tag-`, expecting final `code` (200 = answered, then BYE). */
  async call(tag: string, callee: string, code: number, timeoutSec = 40): Promise<RunResult> {
    const file = join(this.t.dir, `caller-${tag}.xml`);
    writeFileSync(file, code === 200 ? uacXml({ expect: 'answer' }) : callerExpectingXml(code));
    const r = await run('sipp', [
      '-sf', file, '-i', CALLER, '-s', callee, `${this.t.sip.host}:${this.t.sip.port}`, '-m', '1', '-timeout', `${timeoutSec}s`, '-nostdin',
      '-cid_str', `${tag}-%u@%s`,
    ], this.t.dir, (timeoutSec + 5) * 1000);
    expect(r.code, `${r.output}\n--- agent log ---\n${this.t.log.text()}`).toBe(0);
    return r;
  }

  /** `method` requests (retransmissions included) that reached gateway `key` for calls tagged `tag`. */
  reached(key: string, tag: string, method = 'INVITE'): { callId: string; at: number }[] {
    let text = '';
    try {
      text = readFileSync(this.gw.get(key)!.log, 'utf8');
    } catch {
      // Not written yet: nothing reached it.
    }
    return requestsInLog(text, method).filter((i) => i.callId.startsWith(`${tag}-`));
  }

  /** Value of header `name` in the first `method` that reached gateway `key` for `tag`; undefined when absent. */
  header(key: string, tag: string, method: string, name: string): string | undefined {
    const block = this.messages(key, tag, method)[0];
    if (!block) throw new Error(`no ${method} for ${tag} at ${key}`);
    return new RegExp(`^${name}:[ \t]*(.*?)\r?$`, 'mi').exec(block)?.[1];
  }

  /** Full text of each `method` request for `tag` that gateway `key` logged (headers as received). */
  messages(key: string, tag: string, method = 'INVITE'): string[] {
    let text = '';
    try {
      text = readFileSync(this.gw.get(key)!.log, 'utf8');
    } catch {
      // Not written yet: nothing reached it.
    }
    return text.split(/^-{20,} /m).filter((b) => new RegExp(`^${method} `, 'm').test(b) && b.includes(`Call-ID: ${tag}-`));
  }

  /** Media address the engine offered gateway `key` in the INVITE for `tag` (where its RTP goes). */
  offeredMedia(key: string, tag: string): { host: string; port: number } {
    const text = readFileSync(this.gw.get(key)!.log, 'utf8');
    const block = text.split(/^-{20,} /m).find((b) => /^INVITE /m.test(b) && b.includes(`Call-ID: ${tag}-`));
    const host = block && /^c=IN IP4 (\S+)/m.exec(block)?.[1];
    const port = block && /^m=audio (\d+)/m.exec(block)?.[1];
    if (!host || !port) throw new Error(`no SDP offer for ${tag} at ${key}`);
    return { host, port: Number(port) };
  }

  /** Waits until each gateway logged a `method` for `tag`; returns the first arrival times. */
  arrivals(tag: string, keys: string[], method = 'INVITE'): Promise<number[]> {
    return waitFor(`${method}s for ${tag} at ${keys.join(', ')}`, SETTLE_MS, () => {
      const at = keys.map((k) => this.reached(k, tag, method)[0]?.at);
      return at.every((x) => x !== undefined) ? (at as number[]) : undefined;
    });
  }

  /** The call record for `callee` (the first one) and its gateways tried. */
  record(callee: string) {
    return waitFor(`call record for ${callee}`, SETTLE_MS, () => {
      const row = this.t.cdrs(callee)[0];
      return row ? { row, attempts: JSON.parse(row.attempts ?? '[]') as CdrAttempt[] } : undefined;
    });
  }
}
