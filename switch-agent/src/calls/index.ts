// Current calls, wired onto the engine: dlg.list and hangups (htable.seti) over Kamailio's RPC FIFO and
// rtpengine's ng `query`. serve.ts adds the handlers and the topic.
import type { Clock } from '../engine/clock';
import type { KamailioEngineDriver } from '../engine';
import type { AnyTopicSpec, HandlerMap } from '../rpc/dispatcher';
import type { AGENT_METHODS } from '@shared/rpc/agentApi';
import type { AuditEntry } from '../store/auditRepo';
import { callsHandlers, engineFailed } from './callsHandlers';
import { CallsService, type CallsEngine } from './callsService';
import { callsTopic } from './callsTopic';

export interface RunningCalls {
  handlers: HandlerMap<Pick<typeof AGENT_METHODS, 'calls.list' | 'calls.get' | 'calls.hangup'>>;
  topics: Record<string, AnyTopicSpec>;
  stop(): void;
}

/** A dlg.list over 10,000 dialogs is several MB of JSON: give it longer than a plain RPC. */
const LIST_TIMEOUT_MS = 15_000;

export function kamailioCallsEngine(kamailio: KamailioEngineDriver | null): CallsEngine {
  const rpc = () => {
    if (!kamailio) throw new Error('the engine is disabled on this server');
    return kamailio.rpcClient();
  };
  return {
    listDialogs: () => rpc().call('dlg.list', [], LIST_TIMEOUT_MS),
    // Not dlg.end_dlg: its BYE pair may skip the second leg (kamailio#4169). The script's SD_HANGUP
    // timer route ends the dialog within about 1.2 s through the timeout route's own BYE pair
    // (engine/kamailio/cfgCallDuration.ts), and the call record says "admin".
    endDialog: async (hEntry, hId) => {
      await rpc().call('htable.seti', ['sd_hangup', `${hEntry}:${hId}`, 1]);
    },
    queryMedia: async (callId, fromTag) => {
      if (!kamailio) return null;
      try {
        return (await kamailio.rtpengineControl.command('query', { 'call-id': callId, 'from-tag': fromTag })) as Record<string, unknown>;
      } catch (e) {
        // "Unknown call-id": rtpengine holds no media for it (no SDP yet, or already deleted).
        if (e instanceof Error && /unknown call/i.test(e.message)) return null;
        throw e;
      }
    },
  };
}

export function startCalls(o: { engine: CallsEngine; clock: Clock; audit: { record(e: AuditEntry): void }; onProblem?: (m: string) => void }): RunningCalls {
  const service = new CallsService({ engine: o.engine, clock: o.clock, ...(o.onProblem && { onProblem: o.onProblem }) });
  const topic = callsTopic({
    read: async (maxAgeMs) => {
      try {
        return await service.read(maxAgeMs);
      } catch (e) {
        throw engineFailed('reading the current calls from Kamailio', e);
      }
    },
    watch: (fn) => service.watch(fn),
    current: () => service.current(),
  });
  return {
    handlers: callsHandlers({ service, engine: o.engine, audit: o.audit, now: () => o.clock.now() }),
    topics: { calls: topic },
    stop: () => service.stop(),
  };
}
