import type { AGENT_METHODS, EngineStatus as WireEngineStatus } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import type { HandlerMap } from '../rpc/dispatcher';
import type { EngineDriver, EngineStatus, ProcessName, ProcessState } from '../engine/types';
import type { StorageErrors } from '../store/storageErrors';

const WIRE_STATE: Record<ProcessState, WireEngineStatus['state']> = {
  stopped: 'stopped',
  starting: 'starting',
  running: 'running',
  backoff: 'restarting',
  failed: 'failed',
};

/** The supervisor's view, in the wire shape of `engine.status`. */
export function toWireStatus(s: EngineStatus): WireEngineStatus[] {
  return (Object.keys(s) as ProcessName[]).map((name) => {
    const p = s[name];
    return {
      name,
      state: WIRE_STATE[p.state],
      pid: p.pid,
      version: p.version,
      since: p.since > 0 ? new Date(p.since).toISOString() : null,
      restarts: p.restarts,
      // The wire allows 2000 characters; the end of an engine's output is the useful part.
      lastError: p.lastError && p.lastError.length > 2000 ? `…${p.lastError.slice(-1999)}` : p.lastError,
    };
  });
}

type EngineMethods = Pick<typeof AGENT_METHODS, 'engine.status' | 'engine.restart'>;

export function engineHandlers(engine: EngineDriver, storage?: StorageErrors): HandlerMap<EngineMethods> {
  return {
    // Probed, not just the supervisor's belief: an engine that does not answer is not 'running'.
    'engine.status': async () => ({ engines: toWireStatus(await engine.probe()), ...(storage ? { storage: storage.list() } : {}) }),
    'engine.restart': async ({ target }) => {
      try {
        await engine.restart(target);
      } catch (e) {
        throw new RpcError('ENGINE_FAILED', `restart of ${target} failed: ${e instanceof Error ? e.message : String(e)}`, {
          action: { kind: 'restart', target, detail: 'requested by a client' },
          message: String(e),
          rolledBackTo: null,
        });
      }
      return { engines: toWireStatus(engine.status()) };
    },
  };
}
