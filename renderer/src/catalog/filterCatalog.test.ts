import { describe, it, expect } from 'vitest';
import { CATALOG } from '@shared/catalog';
import { filterCatalog } from './filterCatalog';

describe('filterCatalog', () => {
  it('finds a parameter by part of its name, any case', () => {
    const hits = filterCatalog(CATALOG, { query: 'timeout_invite', group: 'all' });
    expect(hits.map((d) => d.name)).toContain('SS_SIP_TIMEOUT_INVITE');
    expect(hits.every((d) => d.name.toLowerCase().includes('timeout_invite') || d.description.toLowerCase().includes('timeout_invite'))).toBe(true);
  });

  it('requires every word of the query to match', () => {
    const hits = filterCatalog(CATALOG, { query: 'nat keep', group: 'all' });
    expect(hits.length).toBeGreaterThan(0);
    for (const d of hits) expect(`${d.name} ${d.description} ${d.category}`.toLowerCase()).toMatch(/nat[\s\S]*keep|keep[\s\S]*nat/);
  });

  it('filters by VOS3000 group', () => {
    const sip = filterCatalog(CATALOG, { query: '', group: 'sip' });
    const system = filterCatalog(CATALOG, { query: '', group: 'system' });
    expect(sip.length + system.length).toBe(CATALOG.length);
    expect(sip.every((d) => d.group === 'sip')).toBe(true);
  });
});
