import { useEffect, useMemo, useState } from 'react';
import { Button, ButtonGroup, Callout, Intent, Switch, Tag, Tooltip } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { TraceItem } from '@shared/rpc/traceApi';
import { describeFilter } from './filterForm';
import { LadderDiagram } from './LadderDiagram';
import { DialogList, MessageList } from './MessageList';
import { RawMessage } from './RawMessage';
import { isKeepAlive } from './traceBuffer';
import { formatNumber } from '../i18n/language';
import type { TraceEntry } from './traceSessions';
import { FailureNote } from '../util/FailureDetails';

export interface SessionActions {
  stop: () => void;
  close: () => void;
  save: () => void;
  pcap: () => void;
}

/** "9:41" (minutes:seconds) left before a session stops by itself. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

function SessionBar({ entry, actions, busy }: { entry: TraceEntry; actions: SessionActions; busy: string | null }) {
  const { t } = useTranslation();
  const s = entry.session;
  const live = entry.origin === 'live';
  const running = live && s.state === 'running';
  const now = useNow(running);
  const c = entry.buffer.counts();
  return (
    <div className="trace-session-bar">
      {running ? (
        <span role="timer" aria-label={t('trace.bar.leftLabel')}>
          <Tag intent={Intent.SUCCESS} icon="record" size="large">{t('trace.bar.running', { left: formatCountdown(entry.localEndsAt - now) })}</Tag>
        </span>
      ) : (
        <Tag size="large" icon={live ? 'stop' : 'document'}>{live ? t('trace.bar.stopped', { reason: t(`trace.stopReason.${s.stopReason ?? 'feed-ended'}`) }) : t('trace.bar.file', { name: entry.fileName ?? '', server: entry.capturedOn ?? '' })}</Tag>
      )}
      <span className="trace-filter-text" title={describeFilter(s.filter)}>{t('trace.bar.filter', { filter: describeFilter(s.filter) })}</span>
      <ButtonGroup>
        {running && <Button icon="stop" intent={Intent.DANGER} onClick={actions.stop} loading={busy === 'stop'} text={t('trace.bar.stop')} />}
        <Button icon="floppy-disk" onClick={actions.save} disabled={c.held === 0} text={t('trace.bar.save')} />
        <Button icon="download" onClick={actions.pcap} loading={busy === 'pcap'} disabled={live ? s.matched === 0 : c.held === 0} text={t('trace.bar.pcap')} />
        <Button icon="cross" onClick={actions.close} text={live ? t('trace.bar.discard') : t('trace.bar.closeFile')} />
      </ButtonGroup>
    </div>
  );
}

function Counters({ entry }: { entry: TraceEntry }) {
  const { t } = useTranslation();
  const c = entry.buffer.counts();
  const s = entry.session;
  return (
    <span className="trace-counters" role="status" aria-label={t('trace.bar.countersLabel')}>
      <span>{t('trace.bar.received', { count: c.received })}</span>
      {entry.origin === 'live' && <span className="muted">{t('trace.bar.matched', { count: s.matched, max: formatNumber(s.maxMessages) })}</span>}
      <Tooltip content={t('trace.bar.droppedHelp')}>
        <span className={c.dropped > 0 ? 'trace-dropped' : 'muted'}>{t('trace.bar.dropped', { count: c.dropped })}</span>
      </Tooltip>
      {(s.lostAtCapture ?? 0) > 0 && (
        <Tooltip content={t('trace.bar.lostAtCaptureHelp')}>
          <span className="trace-dropped">{t('trace.bar.lostAtCapture', { count: s.lostAtCapture })}</span>
        </Tooltip>
      )}
      {c.evicted > 0 && <span className="trace-dropped" title={t('trace.bar.evictedHelp')}>{t('trace.bar.evicted', { count: c.evicted })}</span>}
    </span>
  );
}

/** One session: its bar, the message or dialog list, and the selected dialog's ladder beside the selected message's raw text. */
export function SessionView({ entry, actions, busy }: { entry: TraceEntry; actions: SessionActions; busy: string | null }) {
  const { t } = useTranslation();
  const version = entry.buffer.version;
  const [view, setView] = useState<'messages' | 'dialogs'>('messages');
  const [hideKeepAlives, setHideKeepAlives] = useState(false);
  const [selectedN, setSelectedN] = useState<number | null>(null);
  const [selectedDialog, setSelectedDialog] = useState<string | null>(null);
  const [query, setQuery] = useState('');

  // The buffer is mutable: its version says when it changed.
  const all = useMemo(() => entry.buffer.all(), [entry.buffer, version]);
  const shown = useMemo(() => (hideKeepAlives ? all.filter((i) => !isKeepAlive(i)) : all), [all, hideKeepAlives]);

  const dialogs = useMemo(() => entry.buffer.dialogList().filter((d) => !(hideKeepAlives && d.method === 'OPTIONS')), [entry.buffer, version, hideKeepAlives]);
  const dialogItems = useMemo(() => (selectedDialog === null ? [] : all.filter((i) => i.dialog === selectedDialog)), [all, selectedDialog]);
  const selected: TraceItem | undefined = useMemo(() => (selectedN === null ? undefined : all.find((i) => i.n === selectedN)), [all, selectedN]);
  const live = entry.origin === 'live' && entry.session.state === 'running';

  const selectMessage = (i: TraceItem) => {
    setSelectedN(i.n);
    setSelectedDialog(i.dialog);
  };
  const selectDialog = (id: string) => {
    setSelectedDialog(id);
    setSelectedN(all.find((i) => i.dialog === id)?.n ?? null);
  };
  const hidden = all.length - shown.length;

  return (
    <div className="trace-session">
      <SessionBar entry={entry} actions={actions} busy={busy} />
      {entry.error && <Callout intent={Intent.WARNING} className="trace-callout"><FailureNote failure={entry.error} /></Callout>}
      <div className="trace-list-bar">
        <ButtonGroup>
          <Button icon="list" active={view === 'messages'} onClick={() => setView('messages')} text={t('trace.view.messages', { count: shown.length })} />
          <Button icon="diagram-tree" active={view === 'dialogs'} onClick={() => setView('dialogs')} text={t('trace.view.dialogs', { count: dialogs.length })} />
        </ButtonGroup>
        <Switch checked={hideKeepAlives} onChange={(e) => setHideKeepAlives(e.currentTarget.checked)} label={t('trace.view.hideKeepAlives')} className="trace-switch" />
        {hideKeepAlives && hidden > 0 && <span className="muted">{t('trace.view.hidden', { count: hidden })}</span>}
        <span className="spacer" />
        <Counters entry={entry} />
      </div>
      <div className="trace-panes">
        <div className="trace-list-pane">
          {view === 'messages' ? (
            all.length === 0 ? (
              <div className="trace-empty muted">{live ? t('trace.list.waiting') : t('trace.list.empty')}</div>
            ) : (
              <MessageList items={shown} selectedN={selectedN} onSelect={selectMessage} follow={live} />
            )
          ) : (
            <DialogList dialogs={dialogs} selectedId={selectedDialog} onSelect={(d) => selectDialog(d.id)} follow={live} />
          )}
        </div>
        <div className="trace-detail">
          <section className="trace-ladder-pane" aria-label={t('trace.ladder.title')}>
            <div className="trace-pane-title">{selectedDialog ? t('trace.ladder.of', { dialog: selectedDialog, callId: entry.buffer.dialog(selectedDialog)?.callId ?? '' }) : t('trace.ladder.title')}</div>
            <LadderDiagram items={dialogItems} selectedN={selectedN} onSelect={setSelectedN} />
          </section>
          <RawMessage item={selected} query={query} onQuery={setQuery} />
        </div>
      </div>
    </div>
  );
}
