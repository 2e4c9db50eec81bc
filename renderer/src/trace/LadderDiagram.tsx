import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TraceItem } from '@shared/rpc/traceApi';
import { fitColumnWidth, fitLabel, formatClock, formatDelta, LADDER_GEOMETRY, layoutLadder } from './ladder';

/** Addresses and SIP message text are what went over the wire, not interface text (React's SVG types lack `translate`). */
const WIRE_DATA = { translate: 'no' } as Record<string, string>;

/**
 * The call flow of one dialog as sngrep draws it: a column per address, an arrow per message with
 * its method or status, the capture time and the time since the previous message on the left.
 * Clicking an arrow selects that message (its raw text is shown beside).
 */
export function LadderDiagram({ items, selectedN, onSelect }: { items: readonly TraceItem[]; selectedN: number | null; onSelect: (n: number) => void }) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = usePaneWidth(scrollRef);
  const columnCount = useMemo(() => new Set(items.flatMap((i) => [`${i.src.ip}|${i.src.port}`, `${i.dst.ip}|${i.dst.port}`])).size, [items]);
  const layout = useMemo(() => layoutLadder(items, { ...LADDER_GEOMETRY, columnWidth: fitColumnWidth(width, columnCount) }), [items, width, columnCount]);
  const box = layout.columns.length > 0 ? Math.min(layout.columns[0]!.x - LADDER_GEOMETRY.gutter, 90) * 2 - 8 : 0;
  const selectedY = layout.rows.find((r) => r.n === selectedN)?.y;
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selectedY === undefined) return;
    if (selectedY < el.scrollTop + 40 || selectedY > el.scrollTop + el.clientHeight - 10) el.scrollTop = Math.max(0, selectedY - el.clientHeight / 2);
  }, [selectedY]);

  const rowH = LADDER_GEOMETRY.rowHeight;
  // The selection band spans the pane even when the columns need less.
  const svgWidth = Math.max(layout.width, width - 2);
  return (
    <div className="trace-ladder" ref={scrollRef}>
      {items.length === 0 ? <div className="trace-empty muted">{t('trace.ladder.none')}</div> : <svg width={svgWidth} height={layout.height} role="img" aria-label={t('trace.ladder.label', { count: items.length, columns: layout.columns.length })}>
        <defs>
          {['request', 'provisional', 'success', 'redirect', 'failure', 'other'].map((k) => (
            <marker key={k} id={`arrow-${k}`} className={`ladder-${k}`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" />
            </marker>
          ))}
        </defs>
        {layout.columns.map((c) => (
          <g key={c.key} className="ladder-column" {...WIRE_DATA}>
            <rect x={c.x - box / 2} y={6} width={box} height={24} rx={3} />
            <text x={c.x} y={22} textAnchor="middle">{c.label}</text>
            <line x1={c.x} x2={c.x} y1={30} y2={layout.height} />
          </g>
        ))}
        {layout.rows.map((r) => {
          const selected = r.n === selectedN;
          const dir = r.toX >= r.fromX ? 1 : -1;
          const midX = (r.fromX + r.toX) / 2;
          return (
            <g key={r.n} className={`ladder-row ladder-${r.kind}${selected ? ' selected' : ''}`} data-n={r.n} onClick={() => onSelect(r.n)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect(r.n)} tabIndex={0} role="button" aria-label={r.label} aria-pressed={selected} {...WIRE_DATA}>
              <rect className="ladder-hit" x={0} y={r.y - rowH * 0.75} width={svgWidth} height={rowH} />
              <text className="ladder-time" x={4} y={r.y - 6}>{formatClock(r.t)}</text>
              {r.deltaMs !== null && <text className="ladder-delta" x={4} y={r.y + 6}>{formatDelta(r.deltaMs)}</text>}
              {r.self ? (
                <path className="ladder-arrow" d={`M${r.fromX},${r.y - 8} h30 v12 h-28`} fill="none" markerEnd={`url(#arrow-${r.kind})`} />
              ) : (
                <line className="ladder-arrow" x1={r.fromX + dir * 2} x2={r.toX - dir * 2} y1={r.y} y2={r.y} markerEnd={`url(#arrow-${r.kind})`} />
              )}
              <text className="ladder-label" x={r.self ? r.fromX + 36 : midX} y={r.y - 5} textAnchor={r.self ? 'start' : 'middle'}>
                {r.self ? r.label : fitLabel(r.label, Math.abs(r.toX - r.fromX))}
                <title>{r.label}</title>
              </text>
            </g>
          );
        })}
      </svg>}
    </div>
  );
}

/** The pane's inner width, followed as it is resized (0 until measured). */
function usePaneWidth(ref: React.RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}
