/**
 * An in-memory agent for AgentClient unit tests: a Duplex pair whose far end the test scripts
 * frame by frame. Used only by *.test.ts files (electron/core may not import switch-agent).
 */
import { Duplex } from 'node:stream';
import { AGENT_METHOD_NAMES } from '@shared/rpc/agentApi';
import { AGENT_TOPIC_NAMES } from '@shared/rpc/events';
import { BASE_CAPABILITIES, methodCapability, topicCapability } from '@shared/rpc/protocol';
import { FrameWaiter, type Frame } from '../shared/frameWaiter';

export type { Frame } from '../shared/frameWaiter';

/** Two connected streams: what one writes, the other reads; ending or destroying one ends the other. */
export function duplexPair(): [Duplex, Duplex] {
  const make = (peer: () => Duplex) => {
    let ended = false;
    const endPeer = () => {
      const p = peer();
      if (!ended && !p.destroyed) {
        ended = true;
        p.push(null);
      }
    };
    return new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        peer().push(chunk);
        callback();
      },
      final(callback) {
        endPeer();
        callback();
      },
      destroy(error, callback) {
        endPeer();
        callback(error);
      },
    });
  };
  const a: Duplex = make(() => b);
  const b: Duplex = make(() => a);
  return [a, b];
}

export const ALL_CAPABILITIES = [
  ...BASE_CAPABILITIES,
  ...AGENT_METHOD_NAMES.map(methodCapability),
  ...AGENT_TOPIC_NAMES.map(topicCapability),
];

export class FakeAgent {
  readonly clientStream: Duplex;
  private readonly agentStream: Duplex;
  /** Frames the client sent, in order. */
  readonly received: Frame[] = [];
  /** Raw text the client sent. */
  text = '';
  clientEnded = false;
  private readonly waiter = new FrameWaiter(() => this.received);

  constructor() {
    const [client, agent] = duplexPair();
    this.clientStream = client;
    this.agentStream = agent;
    agent.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('utf8');
      const lines = this.text.split('\n');
      this.text = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') this.received.push(JSON.parse(line) as Frame);
      this.wake();
    });
    agent.on('end', () => {
      this.clientEnded = true;
      // Like the real agent: the client's EOF closes the connection.
      agent.end();
      this.wake();
    });
    agent.on('error', () => undefined);
  }

  send(frame: object): void {
    this.sendRaw(`${JSON.stringify(frame)}\n`);
  }

  sendRaw(text: string | Buffer): void {
    this.agentStream.write(text);
  }

  hello(overrides: Record<string, unknown> = {}): Frame {
    return {
      type: 'hello',
      protocol: 1,
      agent: { version: '0.4.0', hostname: 'sw1' },
      role: 'admin',
      capabilities: ALL_CAPABILITIES,
      maxFrameBytes: 1024 * 1024,
      ...overrides,
    };
  }

  async acceptHello(overrides: Record<string, unknown> = {}): Promise<void> {
    await this.waitFor((f) => f.type === 'hello');
    this.send(this.hello(overrides));
  }

  /** The agent hangs up. */
  hangUp(): void {
    this.agentStream.destroy();
  }

  /** Resolves with the first received frame at index ≥ `from` that matches. */
  waitFor(match: (f: Frame) => boolean, from = 0, timeoutMs = 2000): Promise<Frame> {
    return this.waiter.waitFor(match, from, timeoutMs);
  }

  request(method: string, from = 0): Promise<Frame> {
    return this.waitFor((f) => f.type === 'req' && f.method === method, from);
  }

  private wake(): void {
    this.waiter.wake();
  }
}

/** Lets queued stream and promise callbacks run. */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
