import { useMemo } from 'react';
import { InputGroup, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { TraceItem } from '@shared/rpc/traceApi';
import { formatClock } from './ladder';
import { rawView, type Segment } from './rawView';
import { endpointText, messageLabel } from './traceBuffer';

function Segments({ parts }: { parts: readonly Segment[] }) {
  return <>{parts.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>;
}

/** The selected message as captured, header names highlighted, with a plain-text search. */
export function RawMessage({ item, query, onQuery }: { item: TraceItem | undefined; query: string; onQuery: (q: string) => void }) {
  const { t } = useTranslation();
  const view = useMemo(() => (item ? rawView(item.raw, query) : null), [item, query]);
  return (
    <section className="trace-raw" aria-label={t('trace.raw.label')}>
      <div className="trace-raw-bar">
        <InputGroup type="search" leftIcon="search" size="small" placeholder={t('trace.raw.search')} aria-label={t('trace.raw.search')} value={query} onValueChange={onQuery} />
        {query !== '' && view && <Tag minimal round>{t('trace.raw.hits', { count: view.hits })}</Tag>}
      </div>
      {item && view ? (
        <>
          <div className="trace-raw-head muted" translate="no">
            #{item.n} · {formatClock(item.t)} · {endpointText(item.src)} → {endpointText(item.dst)} · {item.proto.toUpperCase()} · {messageLabel(item)}
          </div>
          <pre className="trace-raw-text" data-testid="raw-message" translate="no">
            {view.lines.map((l, i) => (
              <div key={i} className={`raw-${l.kind}`}>
                {l.kind === 'header' && l.name !== '' && <b className="raw-name"><Segments parts={l.nameSegments} /></b>}
                <Segments parts={l.segments} />
                {l.kind === 'blank' && '\u00a0'}
              </div>
            ))}
          </pre>
        </>
      ) : (
        <div className="trace-empty muted">{t('trace.raw.none')}</div>
      )}
    </section>
  );
}
