/**
 * The keyboard model of a selectable table, as a pure step from (rows, cursor, anchor, selection, key)
 * to the next state, like a desktop file list: arrows move the cursor and select its row, Shift+arrow
 * extends from the anchor, Ctrl+arrow moves without selecting, Ctrl+Space toggles, Ctrl+A selects all.
 */
export type Selection = Readonly<Record<string, boolean>>;

export interface TableCursor {
  cursor: number | null;
  anchor: number | null;
  selection: Selection;
}

export interface KeyInput {
  key: string;
  shift: boolean;
  ctrl: boolean;
  /** Rows that fit in the window, for PageUp / PageDown. */
  page: number;
}

export function rangeSelection(ids: readonly string[], a: number, b: number, base: Selection = {}): Record<string, boolean> {
  const next: Record<string, boolean> = { ...base };
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
    const id = ids[i];
    if (id !== undefined) next[id] = true;
  }
  return next;
}

/** The next cursor state for a key, or null when the key is not one the table handles. */
export function stepTable(ids: readonly string[], s: TableCursor, k: KeyInput): TableCursor | null {
  const last = ids.length - 1;
  if (last < 0) return null;
  if (k.ctrl && (k.key === 'a' || k.key === 'A')) return { ...s, selection: rangeSelection(ids, 0, last) };
  const at = s.cursor === null ? -1 : Math.min(s.cursor, last);
  if (k.key === ' ' && at >= 0) {
    const id = ids[at] as string;
    if (!k.ctrl) return { cursor: at, anchor: at, selection: s.selection[id] ? s.selection : { ...s.selection, [id]: true } };
    const next = { ...s.selection };
    if (next[id]) delete next[id];
    else next[id] = true;
    return { cursor: at, anchor: at, selection: next };
  }
  const target = ((): number | null => {
    switch (k.key) {
      case 'ArrowDown': return at < 0 ? 0 : Math.min(at + 1, last);
      case 'ArrowUp': return at < 0 ? 0 : Math.max(at - 1, 0);
      case 'PageDown': return Math.min(Math.max(at, 0) + Math.max(k.page - 1, 1), last);
      case 'PageUp': return Math.max(at - Math.max(k.page - 1, 1), 0);
      case 'Home': return 0;
      case 'End': return last;
      default: return null;
    }
  })();
  if (target === null) return null;
  if (k.shift) {
    const anchor = s.anchor ?? (at < 0 ? target : at);
    return { cursor: target, anchor, selection: rangeSelection(ids, anchor, target) };
  }
  if (k.ctrl) return { ...s, cursor: target };
  return { cursor: target, anchor: target, selection: { [ids[target] as string]: true } };
}

/** Click with the modifiers of a desktop list: plain selects one, Ctrl toggles, Shift selects the range from the anchor. */
export function clickRow(ids: readonly string[], s: TableCursor, index: number, shift: boolean, ctrl: boolean): TableCursor {
  const id = ids[index];
  if (id === undefined) return s;
  if (shift && s.anchor !== null) return { cursor: index, anchor: s.anchor, selection: rangeSelection(ids, s.anchor, index, ctrl ? s.selection : {}) };
  if (ctrl) {
    const next = { ...s.selection };
    if (next[id]) delete next[id];
    else next[id] = true;
    return { cursor: index, anchor: index, selection: next };
  }
  return { cursor: index, anchor: index, selection: { [id]: true } };
}
