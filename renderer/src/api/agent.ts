import { AGENT_METHODS, type AgentMethod, type AgentParamsInput, type AgentResult } from '@shared/rpc/agentApi';
import type { HostClient } from '../host/hostClient';

/**
 * Calls an agent method through the host and checks the answer against the agent API, so screens
 * get typed data and a malformed reply fails here with the schema's field message.
 */
export async function callAgent<M extends AgentMethod>(
  host: HostClient,
  serverId: string,
  method: M,
  params: AgentParamsInput<M>,
): Promise<AgentResult<M>> {
  const { result } = await host.call('agent.call', { serverId, method, params });
  return AGENT_METHODS[method].result.parse(result) as AgentResult<M>;
}
