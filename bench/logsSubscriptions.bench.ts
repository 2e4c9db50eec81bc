/**
 * Memory of idle `logs` subscriptions: connections that subscribe 32 times each without credit
 * while the log is full. Measured side by side with a baseline producer built the way the topic
 * used to work (each subscription pushes its own copy of the backlog into its buffer), both through
 * real RpcConnections over an in-memory transport, and printed as heap per subscription and as a
 * ratio to the memory of the log itself.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AGENT_TOPICS } from '@shared/rpc/events';
import { LogRing, logsTopic, matchesFilter, type LogEntry, type LogFilter } from '../switch-agent/src/logs';
import { RpcConnection } from '../switch-agent/src/rpc/connection';
import { Dispatcher, defineTopic, type AnyTopicSpec } from '../switch-agent/src/rpc/dispatcher';
import { silentLogger } from '../switch-agent/src/rpc/log';
import { FakeTransport, clientHello, settle } from '../test/doubles/agent/rpcTestkit';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** The design this replaced: the whole matching backlog copied into every subscription's buffer. */
function copyingTopic(ring: LogRing): AnyTopicSpec {
  return defineTopic<LogFilter, LogEntry>({
    description: 'baseline',
    filter: AGENT_TOPICS.logs.params,
    item: AGENT_TOPICS.logs.item,
    bufferItems: ring.capacity,
    open(filter, sink) {
      sink.push(ring.entries().filter((e) => matchesFilter(filter, e)));
    },
  });
}

async function measure(label: string, topic: (ring: LogRing) => AnyTopicSpec, connections: number): Promise<void> {
  const before = heap();
  const ring = new LogRing();
  for (let i = 0; i < ring.capacity; i++) {
    ring.append({ t: Date.now(), level: 'error', source: i % 3 === 0 ? 'agent' : 'kamailio', text: ` 2(${20000 + i}) ERROR: <core> [core/receive.c:376]: receive_msg(): core parsing of SIP message failed (10.0.${i % 250}.1:5060/1) ${'x'.repeat(120)}` });
  }
  const ringBytes = heap() - before;
  const dispatcher = Dispatcher.create({}, {}, { logs: topic(ring) }, silentLogger);
  const transports: FakeTransport[] = [];
  for (let c = 0; c < connections; c++) {
    const transport = new FakeTransport();
    new RpcConnection(transport, { id: `c${c}`, role: 'view', socket: 'view.sock', dispatcher, agent: { version: '0', hostname: 'bench' }, logger: silentLogger });
    transport.send(clientHello());
    transports.push(transport);
  }
  await settle();
  const connected = heap();
  for (const transport of transports) {
    for (let s = 0; s < 32; s++) transport.send({ type: 'req', id: s + 1, method: 'subscribe', params: { topic: 'logs', filter: { minLevel: 'debug' }, credit: 0 } });
  }
  await settle();
  const subs = connections * 32;
  const subBytes = heap() - connected;
  console.log(
    `${label.padEnd(34)} ${subs} subscriptions: ${(subBytes / subs / 1024).toFixed(1).padStart(8)} KiB each, ` +
      `all of them ${(subBytes / ringBytes).toFixed(2).padStart(8)} × the log itself (${(ringBytes / 1024 / 1024).toFixed(1)} MiB, ${ring.size} lines)`,
  );
  for (const t of transports) t.peerClose();
}

const connections = 4;
for (let round = 0; round < 2; round++) {
  await measure('baseline: backlog copied per sub', copyingTopic, connections);
  await measure('shared backlog, cursor per sub', logsTopic, connections);
}
