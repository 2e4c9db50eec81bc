// Public surface of the engine driver for the store, RPC handlers and `switch-agent serve`.
export { KamailioEngineDriver, engineOptionsFromAgentConfig } from './driver';
export type { KamailioEngineOptions } from './driverOptions';
export { EngineError } from './types';
export type { EngineAction, EngineActionKind, EngineDriver, EngineStatus, ProcessName, ProcessState, ProcessStatus } from './types';
export { snapshotToEngine } from './snapshotToEngine';
export type { EngineConfig } from './snapshotToEngine';
export { planEngineActions } from './enginePlan';
export { NgClient, NgError } from './rtpengine/ngClient';
export { KamailioRpcClient, KamailioRpcError } from './kamailio/rpcClient';
