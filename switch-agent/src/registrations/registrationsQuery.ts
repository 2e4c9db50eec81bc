// Search, sort, page and count registrations for registrations.list (pure).
import type { AgentParams } from '@shared/rpc/agentApi';
import type { Registration, RegistrationCounts, RegistrationFilter } from '@shared/rpc/registrationsApi';

type ListParams = AgentParams<'registrations.list'>;

export function matchesRegistration(r: Registration, f: RegistrationFilter): boolean {
  if (f.nat !== undefined && r.natDetected !== f.nat) return false;
  if (f.search === undefined) return true;
  const needle = f.search.toLowerCase();
  return [r.aor, r.contact, r.source ?? '', r.userAgent ?? ''].some((s) => s.toLowerCase().includes(needle));
}

const KEY: Record<ListParams['sort']['by'], (r: Registration) => string | number> = {
  aor: (r) => r.aor,
  registeredAt: (r) => r.registeredAt,
  expiresAt: (r) => r.expiresAt,
  source: (r) => r.source ?? '',
  userAgent: (r) => r.userAgent ?? '',
};

function compare(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

export function queryRegistrations(all: readonly Registration[], p: ListParams): { counts: RegistrationCounts; registrations: Registration[] } {
  const matching = all.filter((r) => matchesRegistration(r, p.filter));
  const key = KEY[p.sort.by];
  const sign = p.sort.dir === 'asc' ? 1 : -1;
  // Ties keep AOR then contact order, so pages are stable between reads.
  matching.sort((a, b) => sign * compare(key(a), key(b)) || a.aor.localeCompare(b.aor) || a.contact.localeCompare(b.contact));
  return {
    counts: { contacts: all.length, aors: new Set(all.map((r) => r.aor)).size, nat: all.filter((r) => r.natDetected).length, matching: matching.length },
    registrations: matching.slice(p.offset, p.offset + p.limit),
  };
}
