/** The host core's client of switch-agent (PROTOCOL.md): one connection, and a self-healing link. */
export { AgentClient } from './agentClient';
export type { AgentClientOptions, CallOptions } from './agentClient';
export type { ProtocolFault } from './eventRouter';
export { ClientSubscription, DEFAULT_WINDOW } from './clientSubscription';
export type { DropInfo, EndInfo, SubscriptionHandlers } from './clientSubscription';
export { ResilientAgent } from './resilientAgent';
export type { LinkState, LinkStateChange, ResilientAgentOptions, ResilientCallOptions } from './resilientAgent';
export { ResilientSubscription } from './resilientSubscription';
export { backoffDelay } from './backoff';
export type { BackoffOptions } from './backoff';
export { isConnectionLost, protocolMismatchError } from './clientErrors';
export type { ClientIdentity } from './hello';
