import { useEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { TraceItem } from '@shared/rpc/traceApi';
import { formatClock } from './ladder';
import type { DialogSummary } from './traceBuffer';
import { endpointText, messageLabel } from './traceBuffer';

const ROW_HEIGHT = 26;

interface VirtualRowsProps<T> {
  rows: readonly T[];
  label: string;
  header: ReactNode;
  columns: number;
  /** Keep the newest row in view while the user is at the bottom (a live capture). */
  follow: boolean;
  rowKey: (row: T) => string;
  selected: (row: T) => boolean;
  onSelect: (row: T) => void;
  cells: (row: T) => ReactNode;
  rowClass?: (row: T) => string;
}

/** The rows in view only (TanStack Virtual, as the gateway tables): a 20,000-message capture scrolls like a short one. */
function VirtualRows<T>({ rows, label, header, columns, follow, rowKey, selected, onSelect, cells, rowClass }: VirtualRowsProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  useEffect(() => {
    if (follow && atBottom.current && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, follow, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const onScroll = () => {
    const el = scrollRef.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
  };
  const move = (delta: number) => {
    const at = rows.findIndex(selected);
    const next = rows[Math.min(rows.length - 1, Math.max(0, (at < 0 ? -1 : at) + delta))];
    if (next) {
      onSelect(next);
      virtualizer.scrollToIndex(rows.indexOf(next));
    }
  };
  return (
    <div className="table-scroll virtual trace-rows" ref={scrollRef} onScroll={onScroll} tabIndex={0} onKeyDown={(e) => {
      if (e.key === 'ArrowDown') { e.preventDefault(); move(1); }
      if (e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
    }}>
      <table className="dense-table grid-table" aria-label={label} aria-rowcount={rows.length}>
        <thead>{header}</thead>
        <tbody>
          {padTop > 0 && <tr aria-hidden style={{ height: padTop }}><td colSpan={columns} /></tr>}
          {items.map((vi) => {
            const row = rows[vi.index];
            if (row === undefined) return null;
            const sel = selected(row);
            return (
              <tr key={rowKey(row)} style={{ height: ROW_HEIGHT }} aria-selected={sel} className={`${sel ? 'selected' : ''} ${rowClass?.(row) ?? ''}`} onClick={() => onSelect(row)}>
                {cells(row)}
              </tr>
            );
          })}
          {padBottom > 0 && <tr aria-hidden style={{ height: padBottom }}><td colSpan={columns} /></tr>}
        </tbody>
      </table>
    </div>
  );
}

export function kindClass(item: TraceItem): string {
  if (item.method) return 'sip-request';
  const s = item.status ?? 0;
  return s >= 400 ? 'sip-failure' : s >= 300 ? 'sip-redirect' : s >= 200 ? 'sip-success' : s >= 100 ? 'sip-provisional' : 'sip-other';
}

export function MessageList({ items, selectedN, onSelect, follow }: { items: readonly TraceItem[]; selectedN: number | null; onSelect: (item: TraceItem) => void; follow: boolean }) {
  const { t } = useTranslation();
  return (
    <VirtualRows
      rows={items}
      label={t('trace.list.messages')}
      columns={7}
      follow={follow}
      rowKey={(i) => String(i.n)}
      selected={(i) => i.n === selectedN}
      onSelect={onSelect}
      rowClass={kindClass}
      header={
        <tr>
          <th style={{ width: 104 }}>{t('trace.col.time')}</th>
          <th style={{ width: 150 }}>{t('trace.col.src')}</th>
          <th style={{ width: 150 }}>{t('trace.col.dst')}</th>
          <th style={{ width: 150 }}>{t('trace.col.message')}</th>
          <th style={{ width: 64 }}>{t('trace.col.dialog')}</th>
          <th>{t('trace.col.callId')}</th>
          <th>{t('trace.col.summary')}</th>
        </tr>
      }
      cells={(i) => (
        <>
          <td className="mono">{formatClock(i.t)}</td>
          <td className="mono">{endpointText(i.src)}</td>
          <td className="mono">{endpointText(i.dst)}</td>
          <td className="trace-label">{messageLabel(i)}</td>
          <td className="mono muted" translate="no">{i.dialog}</td>
          <td className="mono ellipsis" title={i.callId}>{i.callId ?? ''}</td>
          <td className="ellipsis">{summary(i)}</td>
        </>
      )}
    />
  );
}

function summary(i: TraceItem): string {
  const parties = i.caller || i.callee ? `${i.caller ?? '?'} → ${i.callee ?? '?'}` : '';
  return [parties, i.cseq ? `CSeq ${i.cseq}` : ''].filter(Boolean).join(' · ');
}

export function DialogList({ dialogs, selectedId, onSelect, follow }: { dialogs: readonly DialogSummary[]; selectedId: string | null; onSelect: (d: DialogSummary) => void; follow: boolean }) {
  const { t } = useTranslation();
  return (
    <VirtualRows
      rows={dialogs}
      label={t('trace.list.dialogs')}
      columns={7}
      follow={follow}
      rowKey={(d) => d.id}
      selected={(d) => d.id === selectedId}
      onSelect={onSelect}
      rowClass={(d) => (d.finalStatus === null ? '' : d.finalStatus >= 300 ? 'sip-failure' : 'sip-success')}
      header={
        <tr>
          <th style={{ width: 104 }}>{t('trace.col.start')}</th>
          <th style={{ width: 64 }}>{t('trace.col.dialog')}</th>
          <th style={{ width: 100 }}>{t('trace.col.method')}</th>
          <th style={{ width: 200 }}>{t('trace.col.parties')}</th>
          <th style={{ width: 90 }}>{t('trace.col.result')}</th>
          <th style={{ width: 100 }}>{t('trace.col.count')}</th>
          <th>{t('trace.col.callId')}</th>
        </tr>
      }
      cells={(d) => (
        <>
          <td className="mono">{formatClock(d.firstT)}</td>
          <td className="mono muted" translate="no">{d.id}</td>
          <td>{d.method || '—'}</td>
          <td className="ellipsis">{d.caller || d.callee ? `${d.caller || '?'} → ${d.callee || '?'}` : ''}</td>
          <td>{d.finalStatus ?? t('trace.dialog.open')}</td>
          <td className="num">{d.count}</td>
          <td className="mono ellipsis" title={d.callId}>{d.callId}</td>
        </>
      )}
    />
  );
}
