// registrations.* over the registrar (usrloc) and the suspension tables of the auth script.
// Removals and lifts are recorded in the audit (who, what, outcome) like calls.hangup.
import type { AGENT_METHODS } from '@shared/rpc/agentApi';
import { RpcError } from '@shared/rpc/errors';
import type { Registration, Suspension, SuspensionKind } from '@shared/rpc/registrationsApi';
import { engineFailed } from '../calls/callsHandlers';
import type { HandlerMap } from '../rpc/dispatcher';
import type { AuditEntry } from '../store/auditRepo';
import { queryRegistrations } from './registrationsQuery';
import { FAILURE_KEY_PREFIX, parseSuspensions } from './suspensionsParse';
import { parseUlDump } from './ulDumpParse';

type RegistrationMethods = Pick<typeof AGENT_METHODS, 'registrations.list' | 'registrations.suspensions' | 'registrations.remove' | 'registrations.liftSuspension'>;

/** What the handlers need from Kamailio (RPC over its control FIFO). */
export interface RegistrarEngine {
  /** `ul.dump`. */
  dumpContacts(): Promise<unknown>;
  /** `ul.rm location <aor>`. */
  removeAor(aor: string): Promise<void>;
  /** `ul.rm_contact location <aor> <contact>`. */
  removeContact(aor: string, contact: string): Promise<void>;
  /** `htable.dump <table>`. */
  dumpTable(table: string): Promise<unknown>;
  /** `htable.delete <table> <key>` (nothing happens for a key that is not there). */
  deleteKey(table: string, key: string): Promise<void>;
}

/** Table names, from engine/kamailio/cfgAuth.ts. */
export interface SuspensionTableNames {
  suspended: Record<SuspensionKind, string>;
  failures: string;
  sourceFailures: Record<SuspensionKind, string>;
  /** The NAT keep-alive list, keyed "<aor>~<contact>" (engine/kamailio/cfgNat.ts); absent = none kept. */
  natKeepAlive?: string;
}

export interface RegistrationHandlerDeps {
  engine: RegistrarEngine;
  tables: SuspensionTableNames;
  audit: { record(e: AuditEntry): void };
  now: () => number;
  onProblem?: (message: string) => void;
}

export function registrationsHandlers(d: RegistrationHandlerDeps): HandlerMap<RegistrationMethods> {
  const engineStep = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (e) {
      throw engineFailed(what, e);
    }
  };
  const readRegistrations = async () => {
    const raw = await engineStep('reading the registrations from Kamailio', () => d.engine.dumpContacts());
    const at = d.now();
    const read = parseUlDump(raw, at);
    if (read.unreadable > 0) d.onProblem?.(`ul.dump: ${read.unreadable} contacts could not be read and are not listed`);
    return { at, registrations: read.registrations };
  };
  const readSuspensions = async () => {
    const [authentication, register, failures] = await engineStep('reading the suspended sources from Kamailio', () =>
      Promise.all([d.engine.dumpTable(d.tables.suspended.authentication), d.engine.dumpTable(d.tables.suspended.register), d.engine.dumpTable(d.tables.failures)]),
    );
    const at = d.now();
    return { at, suspensions: parseSuspensions({ authentication, register, failures }, at) };
  };
  const auditor = (action: string, ctx: { user: string; role: 'admin' | 'view' }, target: Record<string, unknown>) =>
    (outcome: AuditEntry['outcome'], detail: Record<string, unknown>) =>
      d.audit.record({ time: new Date(d.now()).toISOString(), author: { user: ctx.user, role: ctx.role }, action, revision: null, outcome, detail: { ...target, ...detail } });

  return {
    'registrations.list': async (p) => {
      const { at, registrations } = await readRegistrations();
      return { at, ...queryRegistrations(registrations, p) };
    },
    'registrations.suspensions': () => readSuspensions(),
    'registrations.remove': async (p, ctx) => {
      const record = auditor('registrations.remove', ctx, { aor: p.aor, ...(p.contact !== undefined && { contact: p.contact }) });
      let removed: Registration[];
      try {
        const { registrations } = await readRegistrations();
        removed = registrations.filter((r) => r.aor === p.aor && (p.contact === undefined || r.contact === p.contact));
        if (removed.length > 0) {
          await engineStep(`removing the registration of ${p.aor}`, () => (p.contact === undefined ? d.engine.removeAor(p.aor) : d.engine.removeContact(p.aor, p.contact)));
          // The NAT keep-alive list holds "<aor>~<contact>" (cfgNat.ts): what is removed stops hearing it.
          const table = d.tables.natKeepAlive;
          if (table !== undefined) {
            await engineStep('stopping the NAT keep-alive of the removed registration', async () => {
              for (const r of removed) await d.engine.deleteKey(table, `${r.aor}~${r.contact}`);
            });
          }
        }
      } catch (e) {
        record('failed', { error: e instanceof Error ? e.message : String(e) });
        throw e;
      }
      if (removed.length === 0) {
        record('refused', { error: 'not registered' });
        const what = p.contact === undefined ? `${p.aor} has no registration` : `${p.aor} has no registered contact ${p.contact}`;
        throw new RpcError('NOT_FOUND', `${what} (it may have expired or unregistered)`, { aor: p.aor, contact: p.contact ?? null });
      }
      record('ok', { contacts: removed.map((r) => r.contact), sources: removed.map((r) => r.source) });
      return { removed };
    },
    'registrations.liftSuspension': async (p, ctx) => {
      const record = auditor('registrations.liftSuspension', ctx, { address: p.address, kind: p.kind ?? null });
      let lifted: Suspension[];
      try {
        const { suspensions } = await readSuspensions();
        lifted = suspensions.filter((s) => s.address === p.address && (p.kind === undefined || s.kind === p.kind));
        for (const s of lifted) {
          await engineStep(`lifting the suspension of ${s.address}`, async () => {
            await d.engine.deleteKey(d.tables.suspended[s.kind], s.address);
            await d.engine.deleteKey(d.tables.failures, FAILURE_KEY_PREFIX[s.kind] + s.address);
            await d.engine.deleteKey(d.tables.sourceFailures[s.kind], s.address);
          });
        }
      } catch (e) {
        record('failed', { error: e instanceof Error ? e.message : String(e) });
        throw e;
      }
      if (lifted.length === 0) {
        record('refused', { error: 'not suspended' });
        throw new RpcError('NOT_FOUND', `${p.address} is not suspended${p.kind ? ` (${p.kind})` : ''} (the suspension may have ended)`, { address: p.address, kind: p.kind ?? null });
      }
      record('ok', { kinds: lifted.map((s) => s.kind), failures: lifted.map((s) => s.failures) });
      return { lifted };
    },
  };
}
