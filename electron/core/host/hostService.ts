/**
 * The HostApi handlers: each HOST_METHODS entry mapped onto the registry, the connections, drafts,
 * subscriptions and terminals. Params arrive already parsed by the HostDispatcher; results are
 * checked by it on the way out.
 */
import { AGENT_METHODS, type AgentResult } from '@shared/rpc/agentApi';
import { omittedAsEmpty } from '@shared/rpc/errors';
import type { FleetRow } from '@shared/rpc/fleetApi';
import type { Server } from '@shared/rpc/hostApi';
import type { InstallService } from '../install/installService';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { ServerRecord } from '../servers/serverSchema';
import type { ConnectionManager } from './connectionManager';
import type { DraftsService } from './draftsService';
import { invalidParams, type HostHandlers } from './hostDispatcher';
import type { SubscriptionManager } from './subscriptions';
import type { TerminalManager } from './terminals';

export interface HostParts {
  registry: ServerRegistry;
  connections: ConnectionManager;
  drafts: DraftsService;
  subscriptions: SubscriptionManager;
  terminals: TerminalManager;
  installs: InstallService;
  /** The fleet status sweep (fleet/fleetStatus.ts), rows also sent as events. */
  fleetStatus: (serverIds: string[]) => Promise<FleetRow[]>;
}

export function hostHandlers(p: HostParts): HostHandlers {
  const { registry, connections, drafts, subscriptions, terminals, installs, fleetStatus } = p;
  return {
    'servers.list': () => ({ servers: registry.list().map(toHostServer) }),
    'servers.add': ({ server }) => ({ server: toHostServer(registry.add(server)) }),
    'servers.update': ({ id, server }) => ({ server: toHostServer(registry.update(id, server)) }),
    'servers.remove': async ({ id }) => {
      registry.remove(id);
      await connections.forget(id);
      return {};
    },
    'servers.groups': () => ({ groups: registry.groups() }),
    'servers.connect': ({ id }) => connections.connect(id).then((o) => drafts.afterConnect(id, o)),
    'servers.disconnect': async ({ id }) => {
      await connections.disconnect(id);
      return {};
    },
    'servers.states': () => ({ states: connections.states() }),
    'servers.pendingPrompts': () => ({ prompts: [...connections.pendingPrompts(), ...installs.pendingPrompts()] }),
    'servers.cachedConfig': ({ id }) => drafts.cachedConfig(id),
    'hostKeys.decide': async ({ promptId, decision }) => {
      const { serverId, outcome } = await connections.decideHostKey(promptId, decision);
      return drafts.afterConnect(serverId, outcome);
    },
    'credentials.answer': async ({ promptId, answers, remember }) => {
      const { serverId, outcome } = await connections.answerCredentials(promptId, answers, remember);
      return drafts.afterConnect(serverId, outcome);
    },
    'agent.call': async ({ serverId, method, params }) => {
      const parsed = AGENT_METHODS[method].params.safeParse(omittedAsEmpty(params));
      if (!parsed.success) throw invalidParams('agent.call', parsed.error.issues, 'params');
      const agent = connections.connected(serverId).requireAgent();
      const result: unknown = await agent.call(method, parsed.data as never);
      if (method === 'config.get' && (parsed.data as { revision?: number }).revision === undefined) drafts.noteCurrent(serverId, result as AgentResult<'config.get'>);
      return { result };
    },
    'agent.subscribe': async ({ serverId, topic, params }) => ({ subscriptionId: await subscriptions.subscribe(serverId, topic, params) }),
    'agent.unsubscribe': async ({ subscriptionId }) => {
      await subscriptions.unsubscribe(subscriptionId);
      return {};
    },
    'drafts.create': ({ serverId, title }) => drafts.create(serverId, title),
    'drafts.list': ({ serverId }) => drafts.list(serverId),
    'drafts.secretStorage': () => ({ encrypted: drafts.secretsEncrypted }),
    'drafts.get': ({ id }) => drafts.get(id),
    'drafts.update': (params) => drafts.update(params),
    'drafts.discard': ({ id }) => {
      drafts.discard(id);
      return {};
    },
    'drafts.diff': ({ id }) => drafts.diff(id),
    'drafts.resolve': ({ id, choices }) => drafts.resolve(id, choices),
    'drafts.push': ({ id, ...opts }) => drafts.push(id, opts),
    'drafts.fleetPush': ({ id, serverIds, ...opts }) => drafts.fleetPush(id, serverIds, opts),
    'terminal.open': async ({ serverId, cols, rows }) => ({ terminalId: await terminals.open(serverId, cols, rows) }),
    'terminal.write': async ({ terminalId, data }) => {
      await terminals.write(terminalId, data);
      return {};
    },
    'terminal.resize': ({ terminalId, cols, rows }) => {
      terminals.resize(terminalId, cols, rows);
      return {};
    },
    'terminal.close': ({ terminalId }) => {
      terminals.close(terminalId);
      return {};
    },
    'agent.ack': ({ subscriptionId, items }) => {
      subscriptions.ack(subscriptionId, items);
      return {};
    },
    'terminal.ack': ({ terminalId, chars }) => {
      terminals.ack(terminalId, chars);
      return {};
    },
    'install.plan': ({ serverId, action }) => installs.plan(serverId, action),
    'install.run': ({ serverId, action, confirmName }) => installs.run(serverId, action, confirmName),
    'install.answer': ({ promptId, answers, remember }) => installs.answer(promptId, answers, remember),
    'install.cancel': ({ installId }) => {
      installs.cancel(installId);
      return {};
    },
    'fleet.status': async ({ serverIds }) => {
      for (const id of serverIds) registry.require(id);
      return { rows: await fleetStatus(serverIds) };
    },
  };
}

/** The HostApi view of a saved server (bookkeeping timestamps stay in the registry). */
export function toHostServer(r: ServerRecord): Server {
  const { createdAt: _c, updatedAt: _u, ...server } = r;
  return server;
}
