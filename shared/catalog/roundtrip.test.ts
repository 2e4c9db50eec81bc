import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG, formatParamValue, paramValueEquals, parseParamInput, validateParamValue } from './index';
import type { ParamDef, ParamValue } from './index';

/** Random canonical values that the definition accepts. */
function validValues(def: ParamDef): fc.Arbitrary<ParamValue> {
  const t = def.type;
  switch (t.kind) {
    case 'onoff':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: t.min, max: t.max });
    case 'autoOrInteger':
      return fc.oneof(fc.constant<ParamValue>('auto'), fc.integer({ min: t.min, max: t.max }));
    case 'noneOrInteger':
      return fc.oneof(fc.constant<ParamValue>('none'), fc.integer({ min: t.min, max: t.max }));
    case 'enum':
      return fc.constantFrom(...t.options.map((o) => o.value));
    case 'string': {
      const pattern = new RegExp(t.pattern ?? '^[\\s\\S]*$');
      const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
      return fc.string({ unit: printable, maxLength: t.maxLength }).filter((s) => pattern.test(s));
    }
    case 'numberList': {
      const scale = t.integerItems ? 1 : 1000;
      const item = fc.integer({ min: Math.ceil(t.itemMin * scale), max: Math.floor(t.itemMax * scale) }).map((n) => n / scale);
      return fc
        .array(item, { minLength: t.minItems, maxLength: t.maxItems })
        .map((items) => (t.ascending ? [...items].sort((a, b) => a - b) : items));
    }
  }
}

describe('format → parse round trip', () => {
  it.each(CATALOG.map((d) => [d.name, d] as const))('%s', (_name, def) => {
    fc.assert(
      fc.property(validValues(def), (value) => {
        expect(validateParamValue(def.name, value)).toBeNull();
        const text = formatParamValue(def.name, value);
        const parsed = parseParamInput(def.name, text);
        expect(parsed).toMatchObject({ ok: true });
        if (parsed.ok) expect(paramValueEquals(parsed.value, value)).toBe(true);
        // Canonical values are valid input too (JSON from an API or an import).
        const direct = parseParamInput(def.name, value);
        if (!direct.ok) throw new Error(direct.error.message);
        expect(paramValueEquals(direct.value, value)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
