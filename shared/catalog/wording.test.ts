import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';

describe('catalog wording', () => {
  it('describes what "the switch" does, naming VOS3000 only where it explains VOS3000 (sources, locations)', () => {
    const offending = CATALOG.flatMap((d) => {
      const texts = [d.description, ...(d.type.kind === 'enum' ? d.type.options.map((o) => o.description ?? '') : [])];
      return texts.filter((t) => /VOS3000(?!-compatible)/.test(t)).map((t) => `${d.name}: ${t}`);
    });
    expect(offending).toEqual([]);
  });
});
