/** Public surface of the agent's RPC layer. */
export { Dispatcher, defineTopic, permissionDenied, validateInput } from './dispatcher';
export type {
  AnyTopicSpec,
  CallContext,
  HandlerMap,
  MethodHandler,
  MethodSpec,
  MethodTable,
  SubscriptionSink,
  TopicMap,
  TopicSpec,
} from './dispatcher';
export { RpcConnection } from './connection';
export type { ConnectionLimits, ConnectionOptions, ConnectionState } from './connection';
export { ConnectionHub } from './hub';
export type { BroadcastOptions } from './hub';
export { startRpcServer } from './server';
export type { RpcServer, RpcServerOptions } from './server';
export { socketTransport } from './transport';
export type { RpcTransport } from './transport';
export { connectCommand, parseConnectArgs, runStdioBridge } from './stdioBridge';
export { silentLogger, stderrLogger } from './log';
export type { RpcLogger } from './log';
