import { TimeField } from '../util/TimeField';
import { useMemo, useState } from 'react';
import { Button, Callout, Dialog, DialogBody, FormGroup, HTMLSelect, HTMLTable, InputGroup, Intent, ProgressBar, SegmentedControl, Tag } from '@blueprintjs/core';
import { createColumnHelper, type RowSelectionState } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CALL_END_CAUSES, type CdrRecordWire } from '@shared/rpc/cdrApi';
import { cdrOutcomeText } from '@shared/cdr/outcomeText';
import { callAgent } from '../api/agent';
import { formatDuration } from '../calls/callColumns';
import { VirtualTable } from '../gateways/VirtualTable';
import { useHost } from '../host/HostContext';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { defaultCdrForm, toCdrQuery, type CdrForm, type CdrQuery } from './cdrForm';
import { csvFileName } from '../gateways/csv/files';
import { useCdrExport } from './useCdrExport';
import { CdrStatsView } from './CdrStatsView';
import { formatTime } from '../util/time';

const PAGE = 500;
const RESULT_INTENT = { answered: Intent.SUCCESS, failed: Intent.WARNING, refused: Intent.DANGER } as const;
const when = (ms: number) => formatTime(ms, { ms: true });

function columns(t: TFunction) {
  const c = createColumnHelper<CdrRecordWire>();
  return [
    // Time, numbers, result and who ended the call stay whole when the pane is narrow (minSize): the
    // outcome text gives way first, and where even that is not enough the table scrolls sideways.
    c.accessor('startedAt', { header: t('cdr.colStart'), size: 205, minSize: 200, cell: (i) => when(i.getValue()) }),
    c.accessor((r) => r.caller ?? '', { id: 'caller', header: t('cdr.colCaller'), size: 120, minSize: 105, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor((r) => r.callee ?? '', { id: 'callee', header: t('cdr.colCallee'), size: 120, minSize: 105, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor((r) => r.mappingGateway ?? '', { id: 'mgw', header: t('cdr.colMapping'), size: 130 }),
    c.accessor((r) => r.routingGateway ?? '', { id: 'rgw', header: t('cdr.colRouting'), size: 130 }),
    c.accessor('result', { header: t('cdr.colResult'), size: 90, minSize: 90, cell: (i) => <Tag minimal intent={RESULT_INTENT[i.getValue()]}>{t(`cdr.result_${i.getValue()}`)}</Tag> }),
    c.accessor((r) => r.sipCode ?? 0, { id: 'code', header: t('cdr.colCode'), size: 60, cell: (i) => i.row.original.sipCode ?? '—' }),
    c.accessor('durationSec', { header: t('cdr.colDuration'), size: 80, cell: (i) => formatDuration(Math.round(i.getValue())) }),
    c.accessor((r) => (r.endedBy ? t(`cdr.endedBy_${r.endedBy}`) : ''), { id: 'endedBy', header: t('cdr.colEndedBy'), size: 150, minSize: 140 }),
    c.accessor((r) => cdrOutcomeText(r), { id: 'outcome', header: t('cdr.colReason'), size: 320 }),
  ];
}

/** Search the server's call records (a form, newest-first pages in a virtualised table, details), or their statistics per gateway over the same range. */
export function CdrPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const host = useHost();
  const [form, setForm] = useState<CdrForm>(() => defaultCdrForm(new Date()));
  const [records, setRecords] = useState<CdrRecordWire[]>([]);
  const [next, setNext] = useState<{ query: CdrQuery; cursor: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [searched, setSearched] = useState(false);
  const [error, setError] = useState<PlainFailure | null>(null);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [open, setOpen] = useState<CdrRecordWire | null>(null);
  const [view, setView] = useState<'search' | 'stats'>('search');
  const cols = useMemo(() => columns(t), [t]);
  const exporter = useCdrExport(host, serverId, (e) => setError(plainFailure(t, e, 'read')));
  const parsed = toCdrQuery(form);
  const set = (k: keyof CdrForm) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const load = async (query: CdrQuery, cursor: string | null) => {
    setBusy(true);
    try {
      const r = await callAgent(host, serverId, 'cdr.search', { ...query, limit: PAGE, ...(cursor && { cursor }) });
      setRecords((old) => (cursor ? [...old, ...r.records] : r.records));
      setNext(r.nextCursor ? { query, cursor: r.nextCursor } : null);
      setError(null);
      setSearched(true);
    } catch (e) {
      setError(plainFailure(t, e, 'read'));
    } finally {
      setBusy(false);
    }
  };
  const selected = records.find((r) => selection[String(r.id)]);
  const viewSwitch = (
    <div className="cdr-view-switch">
      <SegmentedControl
        size="small"
        aria-label={t('cdr.viewLabel')}
        value={view}
        onValueChange={(v) => setView(v as 'search' | 'stats')}
        options={[{ value: 'search', label: t('cdr.viewSearch') }, { value: 'stats', label: t('cdr.viewStats') }]}
      />
    </div>
  );
  if (view === 'stats') {
    return (
      <div className="page cdr-page">
        {viewSwitch}
        <CdrStatsView serverId={serverId} serverName={serverName} range={form} onRangeChange={(k, v) => set(k)(v)} />
      </div>
    );
  }

  return (
    <div className="page cdr-page">
      {viewSwitch}
      <form className="page-toolbar cdr-form" onSubmit={(e) => { e.preventDefault(); if (parsed.query) { setSelection({}); void load(parsed.query, null); } }}>
        <FormGroup label={t('cdr.from')} inline><TimeField label={t('cdr.from')} value={form.from} onChange={set('from')} invalid={parsed.problem === 'from'} /></FormGroup>
        <FormGroup label={t('cdr.to')} inline><TimeField label={t('cdr.to')} value={form.to} onChange={set('to')} invalid={parsed.problem === 'to'} /></FormGroup>
        <InputGroup className="short" placeholder={t('cdr.colCaller')} aria-label={t('cdr.colCaller')} value={form.caller} onValueChange={set('caller')} />
        <InputGroup className="short" placeholder={t('cdr.colCallee')} aria-label={t('cdr.colCallee')} value={form.callee} onValueChange={set('callee')} />
        <InputGroup className="short" placeholder={t('cdr.gateway')} aria-label={t('cdr.gateway')} value={form.gateway} onValueChange={set('gateway')} />
        <HTMLSelect aria-label={t('cdr.colResult')} value={form.result} onChange={(e) => set('result')(e.currentTarget.value)}>
          <option value="">{t('cdr.anyResult')}</option>
          {(['answered', 'failed', 'refused'] as const).map((r) => <option key={r} value={r}>{t(`cdr.result_${r}`)}</option>)}
        </HTMLSelect>
        <HTMLSelect aria-label={t('cdr.colEndedBy')} value={form.endedBy} onChange={(e) => set('endedBy')(e.currentTarget.value)}>
          <option value="">{t('cdr.anyEnd')}</option>
          {CALL_END_CAUSES.map((c) => <option key={c} value={c}>{t(`cdr.endedBy_${c}`)}</option>)}
        </HTMLSelect>
        <InputGroup className="tiny" placeholder={t('cdr.colCode')} aria-label={t('cdr.sipCode')} value={form.sipCode} onValueChange={set('sipCode')} intent={parsed.problem === 'sipCode' ? Intent.DANGER : Intent.NONE} />
        <InputGroup className="min-talk" placeholder={t('cdr.minSec')} aria-label={t('cdr.minSec')} value={form.minSec} onValueChange={set('minSec')} intent={parsed.problem === 'minSec' ? Intent.DANGER : Intent.NONE} />
        <Button type="submit" icon="search" intent={Intent.PRIMARY} disabled={!parsed.query || busy} loading={busy && records.length === 0} text={t('cdr.search')} />
        <Button icon="info-sign" disabled={!selected} onClick={() => selected && setOpen(selected)} text={t('cdr.details')} />
        <Button icon="export" disabled={!parsed.query || exporter.progress !== null} onClick={() => parsed.query && void exporter.start(parsed.query, csvFileName(`${serverName}-call-records`, new Date()))} text={t('cdr.export')} />
      </form>
      {exporter.progress !== null && (
        <div className="cdr-export" role="status">
          <span>{t('cdr.exporting', { count: exporter.records })}</span>
          <ProgressBar value={exporter.progress} intent={Intent.PRIMARY} aria-label={t('cdr.exportProgress')} />
          <Button size="small" onClick={exporter.cancel} text={t('common.cancel')} />
        </div>
      )}
      {parsed.problem && <Callout intent={Intent.DANGER}>{t(`cdr.problem_${parsed.problem}`)}</Callout>}
      {error && <Callout intent={Intent.WARNING}><FailureNote failure={error} lead={(text) => t('cdr.failed', { error: text })} /></Callout>}
      {!searched && !error && <Callout>{t('cdr.notSearched')}</Callout>}
      {searched && records.length === 0 && !error && <Callout>{t('cdr.none')}</Callout>}
      <VirtualTable
        label={t('cdr.tableLabel', { name: serverName })}
        data={records}
        columns={cols}
        rowId={(r) => String(r.id)}
        filter=""
        selection={selection}
        onSelectionChange={setSelection}
        onOpen={setOpen}
        {...(searched && { countText: (shown: number) => (next ? t('cdr.countMore', { count: shown }) : t('cdr.count', { count: shown })) })}
      />
      {next && <div className="cdr-more"><Button icon="more" loading={busy} onClick={() => void load(next.query, next.cursor)} text={t('cdr.more', { count: PAGE })} /></div>}
      {open && (
        <Dialog isOpen onClose={() => setOpen(null)} title={t('cdr.detailsTitle', { caller: open.caller ?? '?', callee: open.callee ?? '?' })} style={{ width: 620 }}>
          <DialogBody>
            <HTMLTable compact className="kv-table">
              <tbody>
                {([
                  ['cdr.colStart', when(open.startedAt)], ['cdr.ringing', open.ringingAt === null ? '—' : when(open.ringingAt)], ['cdr.answered', open.answeredAt === null ? '—' : when(open.answeredAt)], ['cdr.end', when(open.endedAt)], ['cdr.colDuration', formatDuration(Math.round(open.durationSec))],
                  ['cdr.pdd', open.pddMs === null ? '—' : `${open.pddMs} ms`],
                  ['cdr.colResult', t(`cdr.result_${open.result}`)], ['cdr.colCode', open.sipCode === null ? '—' : String(open.sipCode)], ['cdr.colReason', cdrOutcomeText(open)],
                  ['cdr.colEndedBy', open.endedBy ? t(`cdr.endedBy_${open.endedBy}`) : '—'],
                  ['cdr.colMapping', open.mappingGateway ?? '—'], ['cdr.colRouting', open.routingGateway ? `${open.routingGateway} (${open.routingAddress ?? '?'})` : '—'],
                  ['cdr.source', open.source ?? '—'], ['cdr.callId', open.callId],
                ] as const).map(([k, v]) => <tr key={k}><th>{t(k)}</th><td className="mono">{v}</td></tr>)}
              </tbody>
            </HTMLTable>
          </DialogBody>
        </Dialog>
      )}
    </div>
  );
}
