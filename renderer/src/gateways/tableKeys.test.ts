import { describe, expect, it } from 'vitest';
import { clickRow, stepTable, type TableCursor } from './tableKeys';

const ids = ['a', 'b', 'c', 'd', 'e'];
const at = (cursor: number | null, selection: Record<string, boolean> = {}, anchor = cursor): TableCursor => ({ cursor, anchor, selection });
const key = (k: string, o: { shift?: boolean; ctrl?: boolean; page?: number } = {}) => ({ key: k, shift: o.shift ?? false, ctrl: o.ctrl ?? false, page: o.page ?? 3 });

describe('table keyboard model', () => {
  it('moves the cursor with the arrows and selects the row it lands on', () => {
    expect(stepTable(ids, at(null), key('ArrowDown'))).toEqual({ cursor: 0, anchor: 0, selection: { a: true } });
    expect(stepTable(ids, at(1, { b: true }), key('ArrowDown'))).toEqual({ cursor: 2, anchor: 2, selection: { c: true } });
    expect(stepTable(ids, at(0, { a: true }), key('ArrowUp'))?.cursor).toBe(0);
    expect(stepTable(ids, at(4), key('ArrowDown'))?.cursor).toBe(4);
    expect(stepTable(ids, at(2), key('Home'))?.cursor).toBe(0);
    expect(stepTable(ids, at(2), key('End'))?.cursor).toBe(4);
    expect(stepTable(ids, at(0), key('PageDown', { page: 3 }))?.cursor).toBe(2);
    expect(stepTable(ids, at(4), key('PageUp', { page: 3 }))?.cursor).toBe(2);
  });

  it('extends from the anchor with Shift and moves without selecting with Ctrl', () => {
    const s1 = stepTable(ids, at(1, { b: true }), key('ArrowDown', { shift: true }));
    expect(s1).toEqual({ cursor: 2, anchor: 1, selection: { b: true, c: true } });
    const s2 = stepTable(ids, s1 as TableCursor, key('End', { shift: true }));
    expect(s2?.selection).toEqual({ b: true, c: true, d: true, e: true });
    const s3 = stepTable(ids, at(1, { b: true }), key('ArrowDown', { ctrl: true }));
    expect(s3).toEqual({ cursor: 2, anchor: 1, selection: { b: true } });
  });

  it('selects everything with Ctrl+A and toggles one row with Ctrl+Space', () => {
    expect(stepTable(ids, at(1), key('a', { ctrl: true }))?.selection).toEqual({ a: true, b: true, c: true, d: true, e: true });
    expect(stepTable(ids, at(1, { a: true, b: true }), key(' ', { ctrl: true }))?.selection).toEqual({ a: true });
    expect(stepTable(ids, at(2, { a: true }), key(' ', { ctrl: true }))?.selection).toEqual({ a: true, c: true });
  });

  it('leaves other keys and empty tables to the page', () => {
    expect(stepTable(ids, at(1), key('x'))).toBeNull();
    expect(stepTable([], at(null), key('ArrowDown'))).toBeNull();
  });

  it('clicks like a desktop list: plain, Ctrl toggles, Shift ranges from the anchor', () => {
    const s1 = clickRow(ids, at(null), 1, false, false);
    expect(s1.selection).toEqual({ b: true });
    const s2 = clickRow(ids, s1, 3, true, false);
    expect(s2.selection).toEqual({ b: true, c: true, d: true });
    const s3 = clickRow(ids, s2, 2, false, true);
    expect(s3.selection).toEqual({ b: true, d: true });
    // Ctrl+Shift adds a range to what is selected.
    const s4 = clickRow(ids, { ...s3, anchor: 4 }, 4, true, true);
    expect(s4.selection).toEqual({ b: true, d: true, e: true });
  });
});
