/**
 * The call-flow (ladder) layout of a dialog, as sngrep draws it: one column per address in the
 * order addresses first appear, one row per message with an arrow from its source column to its
 * destination column, its label, and the time since the previous message. Pure geometry; the
 * component only draws what this returns.
 */
import type { TraceItem } from '@shared/rpc/traceApi';
import { endpointText, messageLabel } from './traceBuffer';

export interface LadderColumn {
  key: string;
  label: string;
  x: number;
}

export interface LadderRow {
  n: number;
  y: number;
  fromX: number;
  toX: number;
  /** Source and destination are the same address: drawn as a loop. */
  self: boolean;
  label: string;
  kind: 'request' | 'provisional' | 'success' | 'redirect' | 'failure' | 'other';
  t: number;
  /** Milliseconds since the previous message of the dialog (null for the first). */
  deltaMs: number | null;
}

export interface LadderLayout {
  columns: LadderColumn[];
  rows: LadderRow[];
  width: number;
  height: number;
}

export interface LadderGeometry {
  /** Room on the left for the time and delta of each row. */
  gutter: number;
  columnWidth: number;
  headerHeight: number;
  rowHeight: number;
}

export const LADDER_GEOMETRY: LadderGeometry = { gutter: 92, columnWidth: 160, headerHeight: 40, rowHeight: 30 };

function kindOf(item: TraceItem): LadderRow['kind'] {
  if (item.method) return 'request';
  const s = item.status;
  if (s === undefined) return 'other';
  if (s < 200) return 'provisional';
  if (s < 300) return 'success';
  if (s < 400) return 'redirect';
  return 'failure';
}

/** Lays out the messages of one dialog in the order given (the agent's capture order). */
export function layoutLadder(items: readonly TraceItem[], g: LadderGeometry = LADDER_GEOMETRY): LadderLayout {
  const index = new Map<string, number>();
  const columns: LadderColumn[] = [];
  const columnOf = (e: { ip: string; port: number }) => {
    const key = endpointText(e);
    let i = index.get(key);
    if (i === undefined) {
      i = columns.length;
      index.set(key, i);
      columns.push({ key, label: key, x: g.gutter + g.columnWidth * i + g.columnWidth / 2 });
    }
    return columns[i]!.x;
  };
  let prev: number | null = null;
  const rows = items.map((item, i): LadderRow => {
    const fromX = columnOf(item.src);
    const toX = columnOf(item.dst);
    const row: LadderRow = {
      n: item.n,
      y: g.headerHeight + g.rowHeight * i + g.rowHeight * 0.75,
      fromX,
      toX,
      self: fromX === toX,
      label: messageLabel(item),
      kind: kindOf(item),
      t: item.t,
      deltaMs: prev === null ? null : item.t - prev,
    };
    prev = item.t;
    return row;
  });
  return {
    columns,
    rows,
    width: g.gutter + g.columnWidth * Math.max(columns.length, 1),
    height: g.headerHeight + g.rowHeight * rows.length + g.rowHeight / 2,
  };
}

/** Column width that fits `columns` into `width` pixels, kept readable (an address needs ~130 px) and not sprawling. */
export function fitColumnWidth(width: number, columns: number, g: LadderGeometry = LADDER_GEOMETRY): number {
  if (columns === 0 || width <= 0) return g.columnWidth;
  return Math.max(MIN_COLUMN, Math.min(MAX_COLUMN, Math.floor((width - g.gutter) / columns)));
}
export const MIN_COLUMN = 132;
export const MAX_COLUMN = 240;

/** "+0 ms", "+35 ms", "+1.25 s", "+2 min 5 s": short enough for the gutter. */
export function formatDelta(ms: number): string {
  if (ms < 1000) return `+${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const min = Math.floor(ms / 60_000);
  return `+${min} min ${Math.round((ms - min * 60_000) / 1000)} s`;
}

/** A label cut to what fits over an arrow of `span` pixels (about 7 px per character of the 12 px bold font). */
export function fitLabel(label: string, span: number): string {
  const max = Math.max(6, Math.floor((span - 8) / 7));
  return label.length <= max ? label : `${label.slice(0, max - 1).trimEnd()}…`;
}

/** Capture time as HH:MM:SS.mmm in local time (what sngrep shows). */
export function formatClock(t: number): string {
  const d = new Date(t);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
