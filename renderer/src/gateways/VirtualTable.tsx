import { useRef, useState } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Icon } from '@blueprintjs/core';

const ROW_HEIGHT = 28;

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
  countText: (shown: number, total: number) => string;
}

/**
 * Sortable, filterable table that renders only the rows in view (10,000 gateways scroll as fast as
 * ten). Click selects, Ctrl/Cmd-click adds to the selection, Shift-click selects a range, double-click opens.
 */
export function VirtualTable<T>({ data, columns, rowId, filter, selection, onSelectionChange, onOpen, rowClass, label, countText }: Props<T>) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const anchor = useRef<number | null>(null);
  const table = useReactTable({
    data: data as T[],
    columns,
    state: { sorting, globalFilter: filter, rowSelection: selection },
    onSortingChange: setSorting,
    getRowId: rowId,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    globalFilterFn: 'includesString',
    enableRowSelection: true,
  });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const columnCount = table.getVisibleLeafColumns().length;

  const select = (index: number, e: React.MouseEvent) => {
    const id = rows[index]?.id;
    if (id === undefined) return;
    if (e.shiftKey && anchor.current !== null) {
      const [a, b] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
      const next: RowSelectionState = e.ctrlKey || e.metaKey ? { ...selection } : {};
      for (let i = a; i <= b; i++) { const r = rows[i]; if (r) next[r.id] = true; }
      onSelectionChange(next);
      return;
    }
    anchor.current = index;
    if (e.ctrlKey || e.metaKey) {
      const next = { ...selection };
      if (next[id]) delete next[id];
      else next[id] = true;
      onSelectionChange(next);
    } else onSelectionChange({ [id]: true });
  };

  return (
    <>
    <div className="table-count muted" aria-live="polite">{countText(rows.length, data.length)}</div>
    <div className="table-scroll virtual" ref={scrollRef} data-testid="virtual-scroll">
      <table className="dense-table grid-table" aria-label={label} aria-rowcount={rows.length}>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <th key={h.id} style={{ width: h.getSize() }} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'} className={h.column.getCanSort() ? 'sortable' : undefined} onClick={h.column.getToggleSortingHandler()}>
                    {flexRender(h.column.columnDef.header, h.getContext())}
                    {sorted && <Icon icon={sorted === 'asc' ? 'chevron-up' : 'chevron-down'} size={12} />}
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
                data-row={row.id}
                style={{ height: ROW_HEIGHT }}
                aria-selected={row.getIsSelected()}
                className={`${row.getIsSelected() ? 'selected' : ''} ${rowClass?.(row.original) ?? ''}`}
                onClick={(e) => select(vi.index, e)}
                onDoubleClick={() => onOpen(row.original)}
              >
                {row.getVisibleCells().map((c) => <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>)}
              </tr>
            );
          })}
          {padBottom > 0 && <tr aria-hidden style={{ height: padBottom }}><td colSpan={columnCount} /></tr>}
        </tbody>
      </table>
    </div>
    </>
  );
}
