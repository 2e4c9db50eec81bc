import { CATALOG } from '@shared/catalog';

// English descriptions of the parameters are the catalog's own (shared/catalog/params/*.ts, the source);
// zhParamText.ts has the Chinese ones under the same keys, checked by tables.test.ts and zhParamText.test.ts.
export const enParamText: Record<string, { description: string; option?: Record<string, string> }> = Object.fromEntries(
  CATALOG.map((d) => {
    const options = d.type.kind === 'enum' ? d.type.options.flatMap((o) => (o.description ? [[o.value, o.description] as const] : [])) : [];
    return [d.name, options.length > 0 ? { description: d.description, option: Object.fromEntries(options) } : { description: d.description }];
  }),
);
