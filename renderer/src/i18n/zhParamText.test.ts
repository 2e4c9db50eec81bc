import { describe, expect, it } from 'vitest';
import { CATALOG } from '@shared/catalog';
import { zhParamText } from './zhParamText';

const CJK = /[\u4e00-\u9fff]/;

describe('Chinese parameter descriptions', () => {
  it('every catalog parameter has a non-empty Chinese description', () => {
    const missing = CATALOG.filter((d) => !CJK.test(zhParamText[d.name]?.description ?? '')).map((d) => d.name);
    expect(missing).toEqual([]);
  });

  it('every described enum option has a Chinese description', () => {
    const missing = CATALOG.flatMap((d) => (d.type.kind === 'enum' ? d.type.options.filter((o) => o.description).map((o) => ({ d, o })) : []))
      .filter(({ d, o }) => !CJK.test(zhParamText[d.name]?.option?.[o.value] ?? ''))
      .map(({ d, o }) => `${d.name}=${o.value}`);
    expect(missing).toEqual([]);
  });

  it('describes no parameter the catalog does not have', () => {
    const names = new Set(CATALOG.map((d) => d.name));
    expect(Object.keys(zhParamText).filter((n) => !names.has(n))).toEqual([]);
  });

  it('keeps the parameter names and SIP codes a description mentions', () => {
    const lost = CATALOG.filter((d) => {
      const kept = d.description.match(/\bSS_[A-Z0-9_]+|\b[1-6]\d\d\b/g) ?? [];
      return kept.some((k) => !(zhParamText[d.name]?.description ?? '').includes(k));
    }).map((d) => d.name);
    expect(lost).toEqual([]);
  });
});
