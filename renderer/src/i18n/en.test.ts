import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en';

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

function has(key: string): boolean {
  let node: unknown = en;
  const parts = key.split('.');
  for (const [i, part] of parts.entries()) {
    if (typeof node !== 'object' || node === null) return false;
    const obj = node as Record<string, unknown>;
    // The last segment may be a plural family (key_one / key_other).
    if (i === parts.length - 1) return part in obj || `${part}_other` in obj;
    node = obj[part];
  }
  return false;
}

describe('English strings', () => {
  it('has every literal key the screens ask for', () => {
    const missing: string[] = [];
    for (const file of sources(root)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) {
        if (m[1] && !has(m[1])) missing.push(`${m[1]} (${file.slice(root.length + 1)})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has every value the templated keys can take', () => {
    for (const s of ['disconnected', 'connecting', 'awaiting-host-key', 'awaiting-credentials', 'connected', 'failed']) expect(has(`state.${s}`)).toBe(true);
    for (const k of ['params', 'routing', 'mapping', 'drafts', 'history', 'terminal', 'monitor', 'trace', 'calls', 'registrations', 'cdr']) expect(has(`modules.${k}`)).toBe(true);
  });
});
