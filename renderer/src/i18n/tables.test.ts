import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zhCN';
import { resolveLanguage } from './language';

function leaves(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('language tables', () => {
  const enKeys = leaves(en);
  const zhKeys = leaves(zhCN);

  it('English and Simplified Chinese have exactly the same keys', () => {
    expect([...zhKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys.keys()].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it('every Chinese string uses the same {{placeholders}} as the English one', () => {
    const differ = [...enKeys].filter(([k, v]) => placeholders(v).join() !== placeholders(zhKeys.get(k) ?? '').join()).map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('every string the English table fills is also filled in Chinese (no leftovers)', () => {
    const untranslated = [...enKeys].filter(([k, v]) => v !== '' && zhKeys.get(k) === '').map(([k]) => k);
    expect(untranslated).toEqual([]);
  });
});

describe('resolveLanguage', () => {
  it('follows the first OS language it has a table for', () => {
    expect(resolveLanguage('system', ['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(resolveLanguage('system', ['zh-Hans-CN'])).toBe('zh-CN');
    expect(resolveLanguage('system', ['de-DE', 'en-GB', 'zh-CN'])).toBe('en');
    expect(resolveLanguage('system', ['fr-FR'])).toBe('en');
    expect(resolveLanguage('system', [])).toBe('en');
  });

  it('a chosen language wins over the OS', () => {
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
    expect(resolveLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
  });
});

describe('module names', () => {
  it('name every screen of a server differently in each language (the tree and tabs are found by name)', () => {
    for (const table of [en, zhCN]) {
      const names = Object.values(table.modules);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
