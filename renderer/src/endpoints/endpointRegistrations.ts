/**
 * The registrar's contacts joined to the endpoint table: every page of registrations.list read
 * (1,000 contacts a page, at most MAX_PAGES), grouped by address of record = the endpoint's account.
 * Pure, so the join is tested without a server.
 */
import type { Registration } from '@shared/rpc/registrationsApi';

/** 20,000 contacts: past that the table says the states are partial rather than reading on. */
export const MAX_PAGES = 20;

export interface EndpointRegistrations {
  /** Contacts per account, in the registrar's order. */
  readonly byAor: ReadonlyMap<string, readonly Registration[]>;
  /** Contacts read; less than `total` when the page limit cut the reading short. */
  readonly read: number;
  readonly total: number;
}

export interface RegistrationPage {
  counts: { contacts: number };
  registrations: readonly Registration[];
}

/** Reads pages with `page(offset)` until every contact is read (or MAX_PAGES), and groups them. */
export async function readEndpointRegistrations(page: (offset: number) => Promise<RegistrationPage>): Promise<EndpointRegistrations> {
  const all: Registration[] = [];
  let total = 0;
  for (let i = 0; i < MAX_PAGES; i++) {
    const p = await page(all.length);
    total = p.counts.contacts;
    all.push(...p.registrations);
    if (p.registrations.length === 0 || all.length >= total) break;
  }
  return groupByAor(all, total);
}

export function groupByAor(list: readonly Registration[], total = list.length): EndpointRegistrations {
  const byAor = new Map<string, Registration[]>();
  for (const r of list) {
    const l = byAor.get(r.aor);
    if (l) l.push(r);
    else byAor.set(r.aor, [r]);
  }
  return { byAor, read: list.length, total };
}
