// Talks to the sandbox agent directly (as root, on its admin socket): checks behind the UI's back.
import net from 'node:net';
import { AgentClient } from '../../../electron/core/agent';

export async function connectAgent(adminSocket: string): Promise<AgentClient> {
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(adminSocket);
    s.once('error', reject);
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
  });
  return AgentClient.connect(socket, { server: 'sandbox', client: { name: 'switchdeck-e2e', version: '0.0.0', user: 'e2e' } });
}

/**
 * The sandbox switch's gateways for sipp calls: calls from `caller` come in through the mapping
 * gateway customer-e2e (allowed by IP) and go out to `callee` through the routing gateway
 * carrier-e2e (no prefix: every number).
 */
export async function routeCallsThrough(adminSocket: string, caller: string, callee: { host: string; port: number }): Promise<void> {
  const agent = await connectAgent(adminSocket);
  try {
    const { snapshot } = await agent.call('config.get', {});
    await agent.call('config.apply', {
      baseRevision: snapshot.revision,
      ops: [
        { op: 'mappingGateway.upsert', gateway: { name: 'customer-e2e', authMode: 'ip', ips: [{ ip: caller }] } },
        { op: 'routingGateway.upsert', gateway: { name: 'carrier-e2e', prefixes: [], addresses: [{ host: callee.host, port: callee.port }] } },
      ],
    });
  } finally {
    await agent.close();
  }
}
