// Kamailio's `ul.dump` (usrloc) as registrations. The answer nests domains → AoRs → contacts
// ({Domains:[{Domain:{AoRs:[{Info:{AoR, Contacts:[{Contact:{…}}]}}]}}]}); the walk looks for
// objects holding an AoR and its Contacts wherever they are, so a changed nesting still reads.
// `Expires` is the seconds left at the dump, or "expired" / "deleted" for contacts usrloc's timer
// has not removed yet (the registrar no longer uses them: they are not registrations), or
// "permanent" (made over RPC, never by a REGISTER: left out too).
import { REGISTRATION_TRANSPORTS, type Registration, type RegistrationTransport } from '@shared/rpc/registrationsApi';
import { formatHostPort, uriHostPort } from './sipAddress';

export interface UlDumpRead {
  registrations: Registration[];
  /** Contacts whose fields could not be read (left out). */
  unreadable: number;
}

const NOT_SET = '[not set]';

function text(v: unknown, max: number): string | null {
  if (typeof v !== 'string' || v === '' || v === NOT_SET) return null;
  return v.length > max ? v.slice(0, max) : v;
}

function contactOf(aor: string, c: Record<string, unknown>, nowMs: number): Registration | 'skip' | 'bad' {
  const expires = c['Expires'];
  if (typeof expires === 'string') return 'skip';
  const contact = text(c['Address'], 512);
  const lastModified = c['Last-Modified'];
  if (typeof expires !== 'number' || !contact || typeof lastModified !== 'number') return 'bad';
  if (expires <= 0) return 'skip';
  const nowSec = Math.floor(nowMs / 1000);
  const received = text(c['Received'], 300);
  const source = received ? uriHostPort(received) : null;
  const target = uriHostPort(contact);
  const transport = transportOf(c['Socket'], received);
  // Over TCP/TLS the device connects from an ephemeral port: only the address tells NAT apart.
  const portMatters = transport === null || transport === 'udp';
  return {
    aor,
    contact,
    source: source ? formatHostPort(source) : null,
    transport,
    natDetected: source !== null && target !== null && (source.host !== target.host || (portMatters && source.port !== target.port)),
    // The registrar stores "n/a" for a REGISTER without a User-Agent header.
    userAgent: c['User-Agent'] === 'n/a' ? null : text(c['User-Agent'], 256),
    expiresAt: (nowSec + expires) * 1000,
    remainingSec: Math.round(expires),
    registeredAt: Math.max(0, Math.round(lastModified)) * 1000,
    callId: text(c['Call-ID'], 256) ?? '',
  };
}

/** The transport the REGISTER came over: the local socket usrloc keeps ("tcp:10.0.0.1:5060"), else the `;transport=` the script put on the source. */
function transportOf(socket: unknown, received: string | null): RegistrationTransport | null {
  const proto = typeof socket === 'string' ? /^([a-z]+):/i.exec(socket)?.[1] : undefined;
  const name = (proto ?? (received ? (/;transport=([a-z]+)/i.exec(received)?.[1] ?? 'udp') : '')).toLowerCase();
  return (REGISTRATION_TRANSPORTS as readonly string[]).includes(name) ? (name as RegistrationTransport) : null;
}

export function parseUlDump(result: unknown, nowMs: number): UlDumpRead {
  const out: UlDumpRead = { registrations: [], unreadable: 0 };
  const walk = (v: unknown, depth: number): void => {
    if (depth > 8 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o['AoR'] === 'string' && Array.isArray(o['Contacts'])) {
      const aor = o['AoR'].slice(0, 256);
      for (const entry of o['Contacts']) {
        const c = entry && typeof entry === 'object' ? ((entry as Record<string, unknown>)['Contact'] ?? entry) : null;
        const r = c && typeof c === 'object' ? contactOf(aor, c as Record<string, unknown>, nowMs) : 'bad';
        if (r === 'bad') out.unreadable += 1;
        else if (r !== 'skip') out.registrations.push(r);
      }
      return;
    }
    for (const x of Object.values(o)) walk(x, depth + 1);
  };
  walk(result, 0);
  return out;
}
