// Registrations wired onto the engine: usrloc and htable RPC over Kamailio's control FIFO.
// serve.ts adds the handlers.
import { KamailioRpcError, type KamailioEngineDriver } from '../engine';
import { SOURCE_FAILURE_TABLES, SUSPENSION_FAILURES_TABLE, SUSPENSION_TABLES } from '../engine/kamailio/cfgAuth';
import { NAT_KEEPALIVE_TABLE } from '../engine/kamailio/cfgNat';
import type { AuditEntry } from '../store/auditRepo';
import type { Suspension } from '@shared/rpc/registrationsApi';
import { registrationsHandlers, type RegistrarEngine } from './registrationsHandlers';
import { parseSuspensions } from './suspensionsParse';

/** usrloc's table name (the registrar saves to "location"). */
const LOCATION = 'location';
/** ul.dump of many thousand contacts is several MB of JSON: give it longer than a plain RPC. */
const DUMP_TIMEOUT_MS = 15_000;

export function kamailioRegistrarEngine(kamailio: KamailioEngineDriver | null): RegistrarEngine {
  const rpc = () => {
    if (!kamailio) throw new Error('the engine is disabled on this server');
    return kamailio.rpcClient();
  };
  return {
    dumpContacts: () => rpc().call('ul.dump', [], DUMP_TIMEOUT_MS),
    removeAor: async (aor) => {
      await rpc().call('ul.rm', [LOCATION, aor]);
    },
    removeContact: async (aor, contact) => {
      await rpc().call('ul.rm_contact', [LOCATION, aor, contact]);
    },
    dumpTable: (table) => rpc().call('htable.dump', [table]),
    deleteKey: async (table, key) => {
      try {
        await rpc().call('htable.delete', [table, key]);
      } catch (e) {
        // 404 "Key not found": the counter was never raised or already expired — nothing to delete.
        if (!(e instanceof KamailioRpcError && e.code === 404)) throw e;
      }
    },
  };
}

export function startRegistrations(o: { engine: RegistrarEngine; now: () => number; audit: { record(e: AuditEntry): void }; onProblem?: (m: string) => void }) {
  return registrationsHandlers({
    engine: o.engine,
    tables: { suspended: SUSPENSION_TABLES, failures: SUSPENSION_FAILURES_TABLE, sourceFailures: SOURCE_FAILURE_TABLES, natKeepAlive: NAT_KEEPALIVE_TABLE },
    audit: o.audit,
    now: o.now,
    ...(o.onProblem && { onProblem: o.onProblem }),
  });
}

/** The suspended sources now, for the firewall's block list (firewall/suspensionFeed.ts). */
export async function readSuspensions(engine: RegistrarEngine, now: () => number): Promise<Suspension[]> {
  const [authentication, register, failures] = await Promise.all([
    engine.dumpTable(SUSPENSION_TABLES.authentication),
    engine.dumpTable(SUSPENSION_TABLES.register),
    engine.dumpTable(SUSPENSION_FAILURES_TABLE),
  ]);
  return parseSuspensions({ authentication, register, failures }, now());
}
