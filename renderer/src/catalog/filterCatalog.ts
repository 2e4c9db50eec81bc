import type { ParamDef, ParamGroup } from '@shared/catalog';

export interface CatalogFilter {
  query: string;
  group: ParamGroup | 'all';
  /** The description in the interface language, searched as well as the catalog's English. */
  describe?: (def: ParamDef) => string;
}

/** Case-insensitive match on name, description and category; every word of the query must match. */
export function filterCatalog(defs: readonly ParamDef[], filter: CatalogFilter): ParamDef[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  return defs.filter((d) => {
    if (filter.group !== 'all' && d.group !== filter.group) return false;
    const hay = `${d.name} ${d.description} ${filter.describe?.(d) ?? ''} ${d.category}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
