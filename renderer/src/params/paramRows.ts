import type { ParamCategory, ParamDef, ParamGroup } from '@shared/catalog';

export interface ParamSection {
  group: ParamGroup;
  category: ParamCategory;
  defs: ParamDef[];
}

const GROUP_ORDER: readonly ParamGroup[] = ['sip', 'system'];

/** Rows in VOS3000's order: the SIP parameter page first, then System parameter; categories by name. */
export function sectionize(defs: readonly ParamDef[]): ParamSection[] {
  const out: ParamSection[] = [];
  for (const group of GROUP_ORDER) {
    const inGroup = defs.filter((d) => d.group === group);
    const categories = [...new Set(inGroup.map((d) => d.category))].sort();
    for (const category of categories) out.push({ group, category, defs: inGroup.filter((d) => d.category === category) });
  }
  return out;
}
