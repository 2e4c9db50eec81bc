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
