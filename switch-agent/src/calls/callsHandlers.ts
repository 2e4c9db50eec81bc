// calls.list / calls.get / calls.hangup over CallsService. Hang-ups are recorded in the audit
// (who, which call, outcome) like configuration changes.
import type { AGENT_METHODS } from '@shared/rpc/agentApi';
import { CALLS_LIMITS, type Call } from '@shared/rpc/callsApi';
import { RpcError } from '@shared/rpc/errors';
import type { HandlerMap } from '../rpc/dispatcher';
import type { AuditEntry } from '../store/auditRepo';
import type { CallsEngine, CallsService } from './callsService';
import { queryCalls } from './callsQuery';
import { parseMedia } from './mediaParse';

type CallsMethods = Pick<typeof AGENT_METHODS, 'calls.list' | 'calls.get' | 'calls.hangup'>;

export interface CallsHandlerDeps {
  service: CallsService;
  engine: Pick<CallsEngine, 'queryMedia'>;
  audit: { record(e: AuditEntry): void };
  now: () => number;
}

export function engineFailed(what: string, e: unknown): RpcError {
  const message = `${what}: ${e instanceof Error ? e.message : String(e)}`;
  return new RpcError('ENGINE_FAILED', message, { action: null, message, rolledBackTo: null });
}

function notFound(id: string): RpcError {
  return new RpcError('NOT_FOUND', `call ${id} is not a current call (it may have ended)`, { id });
}

export function callsHandlers(d: CallsHandlerDeps): HandlerMap<CallsMethods> {
  const read = async (maxAgeMs: number) => {
    try {
      return await d.service.read(maxAgeMs);
    } catch (e) {
      throw engineFailed('reading the current calls from Kamailio', e);
    }
  };
  /** The call with media; rtpengine not answering leaves media null rather than failing the read. */
  const withMedia = async (call: Call): Promise<Call> => {
    const keys = d.service.keys(call.id);
    if (!keys) return { ...call, media: null };
    try {
      const reply = await d.engine.queryMedia(keys.callId, keys.callerTag);
      return { ...call, media: reply ? parseMedia(reply, keys, d.now()) : null };
    } catch {
      return { ...call, media: null };
    }
  };
  return {
    'calls.list': async (p) => {
      const r = await read(500);
      const page = queryCalls([...r.dialogs.values()].map((x) => x.call), p, d.now());
      const calls = p.withMedia
        ? [
            ...(await Promise.all(page.calls.slice(0, CALLS_LIMITS.maxMediaRows).map(withMedia))),
            ...page.calls.slice(CALLS_LIMITS.maxMediaRows),
          ]
        : page.calls;
      return { at: r.at, total: page.total, calls, gateways: page.gateways };
    },
    'calls.get': async (p) => {
      const r = await read(500);
      const found = r.dialogs.get(p.id);
      if (!found) throw notFound(p.id);
      return { call: await withMedia(found.call) };
    },
    'calls.hangup': async (p, ctx) => {
      const author = { user: ctx.user, role: ctx.role };
      const record = (outcome: AuditEntry['outcome'], detail: Record<string, unknown>) =>
        d.audit.record({ time: new Date(d.now()).toISOString(), author, action: 'calls.hangup', revision: null, outcome, detail: { id: p.id, ...detail } });
      let call: Call | null;
      try {
        call = await d.service.hangup(p.id);
      } catch (e) {
        const err = engineFailed(`hanging up call ${p.id}`, e);
        record('failed', { error: err.message });
        throw err;
      }
      if (!call) {
        record('refused', { error: 'not a current call' });
        throw notFound(p.id);
      }
      record('ok', { callId: call.callId, caller: call.caller, callee: call.callee, mappingGateway: call.mappingGateway, routingGateway: call.routingGateway });
      return { call };
    },
  };
}
