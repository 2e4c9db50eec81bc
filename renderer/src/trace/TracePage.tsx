/**
 * The Debug trace tab of one server: start trace sessions with a filter (several at once), watch
 * their messages arrive, read a dialog's call flow and a message's raw text, save a trace to a file
 * and open it again without the server, download the server's pcap. Sessions started here are
 * discarded on the server when the tab closes.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Button, Callout, Intent, NonIdealState } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { downloadBlob, downloadText, readTextFile } from '../gateways/csv/files';
import { useHost } from '../host/HostContext';
import { plainFailure } from '../util/failure';
import { FailureDetails } from '../util/FailureDetails';
import { emptyTraceForm, formFromPrefill, type TraceFormValues } from './filterForm';
import { SessionView } from './SessionView';
import { TraceFilterDialog } from './TraceFilterDialog';
import { buildTraceFile, MAX_TRACE_FILE_BYTES, parseTraceFile, traceFileName } from './traceFile';
import { useTraceRequest } from './TraceLauncher';
import { TraceSessions, type TraceEntry, type TraceSessionsState } from './traceSessions';
import './trace.css';

const EMPTY: TraceSessionsState = { entries: [] };
const noop = () => () => undefined;

interface Props {
  serverId: string;
  serverName: string;
  connected: boolean;
  gatewayNames?: readonly string[];
  /** A hidden tab keeps capturing into its buffers but does not redraw (like the monitor). */
  active?: boolean;
}

export function TracePage({ serverId, serverName, connected, gatewayNames = [], active: shown = true }: Props) {
  const { t } = useTranslation();
  const host = useHost();
  const [ctl, setCtl] = useState<TraceSessions | null>(null);
  useEffect(() => {
    const c = new TraceSessions(host, serverId);
    setCtl(c);
    return () => c.dispose();
  }, [host, serverId]);
  const { entries } = useSyncExternalStore(ctl && shown ? ctl.subscribe : noop, ctl?.getState ?? (() => EMPTY));
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [form, setForm] = useState<TraceFormValues | null>(null);
  const [notice, setNotice] = useState<{ intent: Intent; text: string; details?: string } | null>(null);
  const [busy, setBusy] = useState<{ key: string; what: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { request, consume } = useTraceRequest(serverId);

  useEffect(() => {
    if (!request) return;
    setForm(formFromPrefill(request.prefill));
    consume();
  }, [request, consume]);

  const active = entries.find((e) => e.key === activeKey) ?? entries[entries.length - 1];

  const run = async (entry: TraceEntry, what: string, f: () => Promise<void>) => {
    setBusy({ key: entry.key, what });
    try {
      await f();
    } catch (e) {
      const plain = plainFailure(t, e, what === 'pcap' ? 'read' : 'change');
      setNotice({ intent: Intent.DANGER, text: t(`trace.failed.${what}`, { error: plain.text }), details: plain.details });
    } finally {
      setBusy(null);
    }
  };
  const actionsFor = (entry: TraceEntry) => ({
    stop: () => void run(entry, 'stop', () => ctl!.stop(entry.key)),
    close: () => void run(entry, 'close', () => ctl!.close(entry.key)),
    save: () => {
      const now = new Date();
      downloadText(traceFileName(entry.capturedOn ?? serverName, entry.session.sessionId, now, 'json'), buildTraceFile(entry.capturedOn ?? serverName, entry.session, entry.buffer.all(), now), 'application/json');
    },
    pcap: () =>
      void run(entry, 'pcap', async () => {
        const bytes = await ctl!.exportPcap(entry.key);
        downloadBlob(traceFileName(entry.capturedOn ?? serverName, entry.session.sessionId, new Date(), 'pcap'), new Blob([bytes as BlobPart], { type: 'application/vnd.tcpdump.pcap' }));
      }),
  });

  const openFile = async (file: File) => {
    setNotice(null);
    if (file.size > MAX_TRACE_FILE_BYTES) {
      setNotice({ intent: Intent.DANGER, text: t('trace.open.tooLarge', { name: file.name, mb: MAX_TRACE_FILE_BYTES / 1024 / 1024 }) });
      return;
    }
    const parsed = parseTraceFile(await readTextFile(file));
    if (!parsed.ok) {
      setNotice({ intent: Intent.DANGER, text: t('trace.open.failed', { name: file.name, error: parsed.error }) });
      return;
    }
    const entry = ctl!.openFile(parsed.file, file.name);
    setActiveKey(entry.key);
  };

  return (
    <div className="trace-page">
      <div className="page-toolbar trace-toolbar">
        <Button icon="play" intent={Intent.PRIMARY} disabled={!connected || !ctl} onClick={() => setForm(emptyTraceForm())} text={t('trace.newTrace')} title={connected ? undefined : t('trace.needsConnection')} />
        <Button icon="folder-open" disabled={!ctl} onClick={() => fileInput.current?.click()} text={t('trace.open.button')} />
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label={t('trace.open.button')}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void openFile(f);
          }}
        />
        <div className="trace-session-tabs" role="tablist" aria-label={t('trace.sessionsLabel')}>
          {entries.map((e) => (
            <button key={e.key} type="button" role="tab" aria-selected={e === active} className={`trace-session-tab${e === active ? ' active' : ''}`} onClick={() => setActiveKey(e.key)}>
              <span className={`dot ${e.origin === 'live' && e.session.state === 'running' ? 'running' : ''}`} />
              <span translate="no">{e.origin === 'file' ? e.fileName : e.session.sessionId}</span>
              <span className="muted"> · {e.buffer.counts().received}</span>
            </button>
          ))}
        </div>
      </div>
      {!connected && <Callout intent={Intent.PRIMARY} icon="offline" className="trace-callout">{t('trace.offline', { name: serverName })}</Callout>}
      {notice && (
        <Callout intent={notice.intent} className="trace-callout" role="alert">
          {notice.text} {notice.details !== undefined && <FailureDetails text={notice.details} />}<Button size="small" variant="minimal" icon="cross" aria-label={t('common.close')} onClick={() => setNotice(null)} />
        </Callout>
      )}
      {active ? (
        <SessionView key={active.key} entry={active} actions={actionsFor(active)} busy={busy?.key === active.key ? busy.what : null} />
      ) : (
        <NonIdealState icon="search-text" title={t('trace.emptyTitle')} description={t('trace.emptyBody')} />
      )}
      {form && ctl && (
        <TraceFilterDialog
          serverName={serverName}
          initial={form}
          gatewayNames={gatewayNames}
          onClose={() => setForm(null)}
          onStart={async (req) => {
            const entry = await ctl.start(req);
            setActiveKey(entry.key);
            setForm(null);
          }}
        />
      )}
    </div>
  );
}
