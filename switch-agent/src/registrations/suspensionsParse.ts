// The suspension tables of the auth script (engine/kamailio/cfgAuth.ts) as suspensions. Each
// entry's value is the second its suspension ends; htable purges expired entries only on its
// timer, so an entry whose second has passed is over (the script compares the time the same way).
import type { Suspension, SuspensionKind } from '@shared/rpc/registrationsApi';

/** Entries {name, value} of an `htable.dump` answer ([{entry, size, slot: [{name, value}]}]). */
export function htableEntries(result: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(result)) return out;
  for (const bucket of result as Array<{ slot?: unknown }>) {
    if (!Array.isArray(bucket?.slot)) continue;
    for (const item of bucket.slot as Array<{ name?: unknown; value?: unknown }>) {
      if (typeof item?.name === 'string' && typeof item.value === 'number') out.set(item.name, item.value);
    }
  }
  return out;
}

export const FAILURE_KEY_PREFIX: Record<SuspensionKind, string> = { authentication: 'auth~', register: 'reg~' };

const REASON: Record<SuspensionKind, (failures: number | null) => string> = {
  authentication: (n) => `${n === null ? 'Too many' : n} wrong passwords or unknown accounts from this address (SS_AUTHENTICATION_MAX_RETRY); every request from it is dropped`,
  register: (n) => `${n === null ? 'Too many' : n} REGISTERs in a row that did not register (SS_ENDPOINTREGISTERRETRY); its REGISTERs are dropped`,
};

const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)$/;

export interface SuspensionDumps {
  authentication: unknown;
  register: unknown;
  failures: unknown;
}

/** Suspensions in force at `nowMs`, longest remaining first. */
export function parseSuspensions(d: SuspensionDumps, nowMs: number): Suspension[] {
  const failures = htableEntries(d.failures);
  const nowSec = Math.floor(nowMs / 1000);
  const out: Suspension[] = [];
  for (const kind of ['authentication', 'register'] as const) {
    for (const [address, endSec] of htableEntries(d[kind])) {
      if (endSec <= nowSec || !ADDRESS.test(address) || address.length > 45) continue;
      const n = failures.get(FAILURE_KEY_PREFIX[kind] + address);
      const count = n === undefined ? null : Math.max(0, Math.round(n));
      out.push({ address, kind, reason: REASON[kind](count), endsAt: endSec * 1000, remainingSec: endSec - nowSec, failures: count });
    }
  }
  return out.sort((a, b) => b.endsAt - a.endsAt || a.address.localeCompare(b.address) || a.kind.localeCompare(b.kind));
}
