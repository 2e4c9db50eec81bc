import { useEffect, useId, useRef, useState, type JSX, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type RowSelectionState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Icon, showContextMenu } from '@blueprintjs/core';
import { clickRow, stepTable, type TableCursor } from './tableKeys';
import './tables.css';
import { useTableSettings } from './tableSettings';
import { fitWidths, useHeaderFloors, usePaneWidth } from './fitColumns';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generics must match TanStack's declaration
  interface ColumnMeta<TData, TValue> {
    /** A column the switch does not apply: greyed, with this plain reason on its header. */
    mutedReason?: string;
    /** A column that is no switch setting (operators' notes): not greyed, this plain sentence on its header. */
    notEngine?: string;
    /** The column's full name for the header's tooltip, when the header shows a shorter label. */
    fullName?: string;
  }
}

const DEFAULT_ROW_HEIGHT = 28;
/** Room added to the sorted column's header for its arrow, so sorting never cuts the label. */
const SORT_ICON_ROOM = 16;

interface Props<T> {
  data: readonly T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack column value types differ per column
  columns: ColumnDef<T, any>[];
  rowId: (row: T) => string;
  filter: string;
  selection: RowSelectionState;
  onSelectionChange: (s: RowSelectionState) => void;
  onOpen: (row: T) => void;
  rowClass?: (row: T) => string;
  label: string;
  /** The "12 of 40" line above the table; left out when the page shows its own count. */
  countText?: (shown: number, total: number) => string;
  rowHeight?: number;
  /** Remember column widths and sort order under this name (localStorage). */
  storageKey?: string;
  /** The Delete key on the selected rows. */
  onDelete?: (rows: T[]) => void;
  /** Right-click (or the Menu key / Shift+F10) menu for these rows: the selection, or the row clicked. */
  contextMenu?: (rows: T[]) => JSX.Element;
  /** Shown instead of the rows when there is no data at all. */
  empty?: ReactNode;
  /** The row the keyboard cursor is on (the last one clicked or moved to). */
  onCursor?: (row: T | undefined) => void;
  /** Column ids left out (for example the settings the switch does not apply). */
  hiddenColumns?: readonly string[];
  /** Move the cursor to this row id (and into view) when it changes. */
  cursorRequest?: { id: string; seq: number };
}

/**
 * Sortable, filterable, resizable table that renders only the rows in view (10,000 gateways scroll as
 * fast as ten), with the mouse and keyboard of a desktop list: click selects, Ctrl/Cmd-click toggles,
 * Shift-click selects a range (without selecting text), double-click or Enter opens, arrows / Page /
 * Home / End move, Shift extends, Ctrl+A selects all, Delete deletes, right-click or the Menu key
 * opens the row menu. Column widths and sort order are remembered per `storageKey`.
 */
export function VirtualTable<T>(p: Props<T>) {
  const { data, columns, rowId, filter, selection, onSelectionChange, onOpen, rowClass, label, countText, onDelete, contextMenu, empty, onCursor } = p;
  const rowHeight = p.rowHeight ?? DEFAULT_ROW_HEIGHT;
  const settings = useTableSettings(p.storageKey);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [anchorId, setAnchorId] = useState<string | null>(null);
  const domId = useId();
  const table = useReactTable({
    data: data as T[],
    columns,
    state: { sorting: settings.sorting, globalFilter: filter, rowSelection: selection, columnSizing: settings.sizing, columnVisibility: Object.fromEntries((p.hiddenColumns ?? []).map((id) => [id, false])) },
    onSortingChange: settings.setSorting,
    onColumnSizingChange: settings.setSizing,
    columnResizeMode: 'onChange',
    enableColumnResizing: true,
    getRowId: rowId,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    globalFilterFn: 'includesString',
    enableRowSelection: true,
  });
  const rows = table.getRowModel().rows;
  const ids = rows.map((r) => r.id);
  const scrollRef = useRef<HTMLDivElement>(null);
  const paneWidth = usePaneWidth(scrollRef);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const columnCount = table.getVisibleLeafColumns().length;
  const indexOf = (id: string | null) => (id === null ? -1 : ids.indexOf(id));
  const cursor = indexOf(cursorId);
  const state = (): TableCursor => ({ cursor: cursor < 0 ? null : cursor, anchor: indexOf(anchorId) < 0 ? null : indexOf(anchorId), selection });
  const cursorRow = cursor >= 0 ? rows[cursor]?.original : undefined;

  useEffect(() => onCursor?.(cursorRow), [onCursor, cursorRow]);
  const request = p.cursorRequest;
  useEffect(() => {
    if (!request) return;
    setCursorId(request.id);
    setAnchorId(request.id);
  }, [request]);
  useEffect(() => {
    if (cursor >= 0) virtualizer.scrollToIndex(cursor, { align: 'auto' });
  }, [cursor, virtualizer]);

  const apply = (next: TableCursor) => {
    setCursorId(next.cursor === null ? null : (ids[next.cursor] ?? null));
    setAnchorId(next.anchor === null ? null : (ids[next.anchor] ?? null));
    if (next.selection !== selection) onSelectionChange({ ...next.selection });
  };
  const selectedRows = (sel: RowSelectionState = selection) => rows.filter((r) => sel[r.id]).map((r) => r.original);

  const openMenu = (target: T[], left: number, top: number) => {
    if (!contextMenu || target.length === 0) return;
    showContextMenu({ content: contextMenu(target), targetOffset: { left, top } });
  };

  const onMouseDown = (e: MouseEvent) => {
    // Shift/Ctrl-click extends the selection; without this the browser would also select the text between.
    if (e.shiftKey || e.ctrlKey || e.metaKey) e.preventDefault();
    scrollRef.current?.focus({ preventScroll: true });
  };
  const onRowContextMenu = (index: number, e: MouseEvent) => {
    if (!contextMenu) return;
    e.preventDefault();
    const id = ids[index];
    if (id === undefined) return;
    // Right-click inside the selection acts on the selection; elsewhere it selects that row first.
    let sel = selection;
    if (!selection[id]) {
      sel = { [id]: true };
      apply({ cursor: index, anchor: index, selection: sel });
    } else setCursorId(id);
    openMenu(selectedRows(sel), e.clientX, e.clientY);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (e.key === 'Enter' && cursorRow !== undefined) {
      onOpen(cursorRow);
    } else if (e.key === 'Delete' && onDelete) {
      const sel = selectedRows();
      if (sel.length > 0) onDelete(sel);
    } else if (e.key === 'Escape' && Object.keys(selection).length > 0) {
      onSelectionChange({});
    } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${cursor}"]`);
      const box = (el ?? e.currentTarget).getBoundingClientRect();
      openMenu(selectedRows().length ? selectedRows() : cursorRow ? [cursorRow] : [], box.left + 40, box.top + box.height);
    } else {
      const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
      const next = stepTable(ids, state(), { key: e.key, shift: e.shiftKey, ctrl, page });
      if (!next) return;
      apply(next);
    }
    e.preventDefault();
  };

  const cursorDomId = cursor >= 0 ? `${domId}-r${cursor}` : undefined;
  const leafs = table.getVisibleLeafColumns();
  const floors = useHeaderFloors(scrollRef, `${paneWidth > 0}|${leafs.map((c) => `${c.id}:${String(c.columnDef.header)}`).join('|')}`);
  const floorOf = (id: string, sorted: boolean) => (floors[id] === undefined ? 0 : floors[id] + (sorted ? SORT_ICON_ROOM : 0));
  const sizes = leafs.map((c) => c.getSize());
  // A column's own minSize (content that must stay whole, like a status tag) is a floor too.
  const floorList = leafs.map((c) => Math.max(floorOf(c.id, c.getIsSorted() !== false), c.columnDef.minSize ?? 0));
  // Widths the user set by dragging are kept (never below what the header needs); only the default widths
  // narrow to fit the pane, and no further than their headers allow.
  const fitted = Object.keys(settings.sizing).length > 0 ? sizes.map((s, i) => Math.max(s, floorList[i] ?? 0)) : fitWidths(paneWidth, sizes, floorList);
  const widthOf = new Map(leafs.map((c, i) => [c.id, fitted[i] ?? c.getSize()]));
  const tableWidth = fitted.reduce((a, b) => a + b, 0);
  return (
    <>
    {countText && <div className="table-count muted" aria-live="polite">{countText(rows.length, data.length)}</div>}
    <div
      className="table-scroll virtual"
      ref={scrollRef}
      data-testid="virtual-scroll"
      tabIndex={0}
      aria-label={label}
      aria-activedescendant={cursorDomId}
      onKeyDown={onKeyDown}
    >
      <table className="dense-table grid-table" aria-label={label} aria-rowcount={rows.length} aria-multiselectable style={{ width: tableWidth, ['--row-h' as string]: `${rowHeight}px` }}>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                const muted = h.column.columnDef.meta?.mutedReason;
                const notEngine = h.column.columnDef.meta?.notEngine;
                const header = h.column.columnDef.header;
                const name = h.column.columnDef.meta?.fullName ?? (typeof header === 'string' ? header : undefined);
                return (
                  <th
                    key={h.id}
                    data-col={h.column.id}
                    style={{ width: widthOf.get(h.column.id) }}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                    className={`${h.column.getCanSort() ? 'sortable' : ''} ${muted ? 'muted-col' : ''}`}
                    title={[name, muted, notEngine].filter(Boolean).join('\n') || undefined}
                    onClick={h.column.getToggleSortingHandler()}
                  >
                    <span data-fit className="th-label">{flexRender(header, h.getContext())}</span>
                    {muted && <span data-fit className="muted-icon"><Icon icon="disable" size={11} aria-hidden /></span>}
                    {sorted && <Icon icon={sorted === 'asc' ? 'chevron-up' : 'chevron-down'} size={12} />}
                    {h.column.getCanResize() && (
                      <span
                        className={`col-resizer ${h.column.getIsResizing() ? 'resizing' : ''}`}
                        aria-hidden
                        onMouseDown={h.getResizeHandler()}
                        onTouchStart={h.getResizeHandler()}
                        onClick={(e) => e.stopPropagation()}
                        onDoubleClick={() => h.column.resetSize()}
                      />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {padTop > 0 && <tr aria-hidden style={{ height: padTop }}><td colSpan={columnCount} /></tr>}
          {items.map((vi) => {
            const row = rows[vi.index];
            if (!row) return null;
            return (
              <tr
                key={row.id}
                id={`${domId}-r${vi.index}`}
                data-row={row.id}
                data-index={vi.index}
                style={{ height: rowHeight }}
                aria-selected={row.getIsSelected()}
                className={`${row.getIsSelected() ? 'selected' : ''} ${vi.index === cursor ? 'cursor' : ''} ${rowClass?.(row.original) ?? ''}`}
                onMouseDown={onMouseDown}
                onClick={(e) => apply(clickRow(ids, state(), vi.index, e.shiftKey, e.ctrlKey || e.metaKey))}
                onDoubleClick={() => onOpen(row.original)}
                onContextMenu={(e) => onRowContextMenu(vi.index, e)}
              >
                {row.getVisibleCells().map((c) => (
                  <td key={c.id} className={c.column.columnDef.meta?.mutedReason ? 'muted-col' : undefined}>
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 && <tr aria-hidden style={{ height: padBottom }}><td colSpan={columnCount} /></tr>}
        </tbody>
      </table>
      {data.length === 0 && empty}
    </div>
    </>
  );
}
