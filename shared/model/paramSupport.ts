import { getParam } from '../catalog';
import type { FieldError } from './fieldPath';
import type { ConfigSnapshot } from './snapshot';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Warnings for system parameters this change sets (or resets) that the engine only stores, so an
 * apply never looks as if such a value took effect. Parameters the change leaves alone are not
 * repeated: they were warned about when they changed. Same wording as the catalog's `engine.why`.
 */
export function unenforcedParams(prev: ConfigSnapshot, next: ConfigSnapshot): FieldError[] {
  const out: FieldError[] = [];
  for (const name of new Set([...Object.keys(prev.params), ...Object.keys(next.params)])) {
    if (same(prev.params[name], next.params[name])) continue;
    const engine = getParam(name)?.engine;
    if (engine?.status === 'stored') out.push({ path: `params.${name}`, message: engine.why });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
