import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, ButtonGroup, Checkbox, Icon, InputGroup, Intent, NonIdealState } from '@blueprintjs/core';
import type { ColumnDef, RowSelectionState } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { deleteOp, upsertOp, type CollectionKey } from '@shared/model/collections';
import type { ConfigOp } from '@shared/model/ops';
import { ConfirmBanner } from '../config/ConfirmBanner';
import { OfflineBanner } from '../config/OfflineBanner';
import { useConfigSession } from '../config/ConfigSessions';
import { StagedBar } from '../config/StagedBar';
import { effectiveConfig, opKey } from '../config/staging';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { useOpenMonitor } from '../monitor/MonitorLauncher';
import { useOpenTrace } from '../trace/TraceLauncher';
import { LoadState } from '../workspace/LoadState';
import { cloneOps, deleteOps, setEnabledOps } from './bulk';
import { CsvButtons } from './csv/CsvButtons';
import { csvFileName, downloadText } from './csv/files';
import { exportCsv, type GatewayCsvFormat } from './csv/format';
import { GatewayMenu } from './GatewayMenu';
import { VirtualTable } from './VirtualTable';

type Item = { name: string; enabled: boolean };

interface Props<T extends Item> {
  serverId: string;
  serverName: string;
  collection: CollectionKey;
  items: (s: ConfigSnapshot) => readonly T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack column value types differ per column
  columns: ColumnDef<T, any>[];
  /** The edit dialog for an item (undefined = new); it calls `stage` with the ops of its change. `snapshot` has the staged edits. */
  dialog: (item: T | undefined, taken: ReadonlySet<string>, stage: (ops: ConfigOp[]) => void, close: () => void, snapshot: ConfigSnapshot) => ReactNode;
  title: string;
  /** Column set for Export CSV / Import CSV…. */
  csv: GatewayCsvFormat<T>;
  /** What the empty list says: a title and what to do. */
  emptyTitle: string;
  emptyText: string;
  /** Translation keys of the list's own words (endpoints say "endpoints"); default the gateway ones. */
  words?: Partial<ListWords>;
  /** Trace and monitor actions: gateways have them, endpoints not (no per-endpoint trace filter or series). */
  tools?: boolean;
  /** Shown at the right of the toolbar (e.g. how many endpoints are registered). */
  extra?: ReactNode;
  /** Shown below the toolbar while the server answers (e.g. a live read that failed); a page showing the cached copy says why instead. */
  notice?: ReactNode;
}

interface ListWords {
  search: string;
  count: string;
  deleteConfirm: string;
  deleteQuestion: string;
  addFirst: string;
}

const GATEWAY_WORDS: ListWords = { search: 'gw.search', count: 'gw.count', deleteConfirm: 'gw.deleteConfirm', deleteQuestion: 'gw.deleteQuestion', addFirst: 'dense.gw.addFirst' };

/** A gateway list over the server's configuration with staged edits applied, plus bulk actions as staged ops. */
/** What every gateway-like page does on "Stage change": stage the item, and drop the old name when it was renamed. */
export function stageSaved(collection: CollectionKey, stage: (ops: ConfigOp[]) => void) {
  return (item: Item, originalName?: string) => stage([...(originalName && originalName !== item.name ? [deleteOp(collection, originalName)] : []), upsertOp(collection, item as never)]);
}

export function GatewaysPage<T extends Item>({ serverId, serverName, collection, items, columns, dialog, title, csv, emptyTitle, emptyText, words: ownWords, tools = true, extra, notice }: Props<T>) {
  const { t } = useTranslation();
  const words = { ...GATEWAY_WORDS, ...ownWords };
  const { session, state } = useConfigSession(serverId);
  const [filter, setFilter] = useState('');
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [editing, setEditing] = useState<{ item?: T } | null>(null);
  const [deleting, setDeleting] = useState<T[] | null>(null);
  const [onlyApplied, setOnlyApplied] = useState(false);
  const traceLauncher = useOpenTrace();
  const monitorLauncher = useOpenMonitor();
  const openTrace = tools ? traceLauncher : undefined;
  const openMonitor = tools ? monitorLauncher : undefined;
  useEffect(() => session.ensureLoaded(), [session]);

  const base = state.snapshot;
  const eff = useMemo(() => (base ? effectiveConfig(base, state.staged) : null), [base, state.staged]);
  const rows = useMemo(() => (eff ? items(eff.snapshot) : []), [eff, items]);
  const storedColumns = useMemo(() => columns.filter((c) => c.meta?.mutedReason).map((c) => ({ id: c.id ?? '', header: typeof c.header === 'string' ? c.header : (c.id ?? '') })), [columns]);
  const notEngineColumns = useMemo(() => columns.filter((c) => c.meta?.notEngine).map((c) => (typeof c.header === 'string' ? c.header : (c.id ?? ''))), [columns]);
  if (!base || !eff) return <LoadState state={state} onRetry={() => void session.load()} />;

  const staged = new Set(state.staged.map(opKey));
  const selected = rows.filter((r) => selection[r.name]);
  const taken = new Set(rows.map((r) => r.name));
  const stage = (ops: ConfigOp[]) => session.stage(ops);
  const exportRows = (list: readonly T[]) => downloadText(csvFileName(`${serverName}-${collection}`, new Date()), exportCsv(csv, list));
  const actions = {
    edit: (g: T) => setEditing({ item: g }),
    enable: (list: T[]) => stage(setEnabledOps(collection, list, true)),
    disable: (list: T[]) => stage(setEnabledOps(collection, list, false)),
    clone: (list: T[]) => stage(cloneOps(collection, list, rows)),
    remove: (list: T[]) => setDeleting(list),
    exportRows,
    trace: openTrace ? (g: T) => openTrace(serverId, { gateway: g.name }) : undefined,
    monitor: openMonitor ? (g: T) => openMonitor(serverId, { kind: collection === 'mappingGateways' ? 'mapping' : 'routing', name: g.name }) : undefined,
  };

  return (
    <div className="page gateways-page">
      <div className="page-toolbar">
        <InputGroup leftIcon="search" type="search" size="small" className="search" placeholder={t('gw.filterShort')} aria-label={t(words.search)} title={t(words.search)} value={filter} onValueChange={setFilter} />
        <Button icon="add" size="small" intent={Intent.PRIMARY} onClick={() => setEditing({})} text={t('gw.add')} />
        <ButtonGroup>
          <Button icon="edit" size="small" disabled={selected.length !== 1} onClick={() => selected[0] && actions.edit(selected[0])} text={t('gw.edit')} />
          <Button icon="play" size="small" disabled={selected.length === 0} onClick={() => actions.enable(selected)} text={t('gw.enable')} />
          <Button icon="pause" size="small" disabled={selected.length === 0} onClick={() => actions.disable(selected)} text={t('gw.disable')} />
          <Button icon="duplicate" size="small" disabled={selected.length === 0} onClick={() => actions.clone(selected)} text={t('gw.clone')} />
          <Button icon="trash" size="small" intent={Intent.DANGER} disabled={selected.length === 0} onClick={() => actions.remove(selected)} text={t('gw.delete')} />
        </ButtonGroup>
        {openTrace && <Button icon="search-text" size="small" disabled={selected.length !== 1} onClick={() => selected[0] && actions.trace?.(selected[0])} text={t('gw.trace')} title={selected[0] ? t('gw.traceTitle', { name: selected[0].name }) : undefined} />}
        <ButtonGroup>
          <CsvButtons format={csv} rows={rows} fileStem={`${serverName}-${collection}`} onStage={stage} />
        </ButtonGroup>
        {extra}
        <Button className="count" icon="refresh" size="small" variant="minimal" onClick={() => void session.load()} aria-label={t('common.reload')} title={t('common.reload')} />
      </div>
      <div className="engine-notice" role="note">
        <Icon icon="info-sign" size={12} />
        <span>
          {storedColumns.length ? t('dense.engine.gatewayNotice', { columns: storedColumns.map((c) => c.header).join(', ') }) : t('dense.engine.gatewayNoticeNone')}
          {notEngineColumns.length > 0 && ` ${t('dense.engine.gatewayNoticeNotEngine', { columns: notEngineColumns.join(', ') })}`}
        </span>
        {storedColumns.length > 0 && <Checkbox checked={onlyApplied} onChange={(e) => setOnlyApplied(e.currentTarget.checked)} label={t('dense.engine.onlyApplied')} className="inline-check" />}
      </div>
      <OfflineBanner state={state} />
      {!state.offline && notice}
      <ConfirmBanner session={session} state={state} />
      <VirtualTable
        label={title}
        data={rows}
        columns={columns}
        rowId={(r) => r.name}
        filter={filter}
        selection={selection}
        onSelectionChange={setSelection}
        onOpen={(r) => setEditing({ item: r })}
        onDelete={(list) => actions.remove(list)}
        contextMenu={(list) => <GatewayMenu rows={list} actions={actions} />}
        hiddenColumns={onlyApplied ? storedColumns.map((c) => c.id) : []}
        rowHeight={24}
        storageKey={collection}
        rowClass={(r) => `${staged.has(`${collection}[${r.name}]`) ? 'staged' : ''} ${r.enabled ? '' : 'disabled-row'}`}
        countText={(shown, total) => `${t(words.count, { shown, total })} · ${t('gw.selected', { count: selected.length })}`}
        empty={<NonIdealState className="table-empty" icon="inbox" title={emptyTitle} description={emptyText} action={<Button icon="add" intent={Intent.PRIMARY} onClick={() => setEditing({})} text={t(words.addFirst)} />} />}
      />
      <StagedBar serverName={serverName} session={session} state={state} problemCount={eff.opErrors.length + eff.report.errors.length} />
      {editing && dialog(editing.item, taken, (ops) => { stage(ops); setEditing(null); }, () => setEditing(null), eff.snapshot)}
      <Alert isOpen={deleting !== null} intent={Intent.DANGER} icon="trash" cancelButtonText={t('common.cancel')} confirmButtonText={t(words.deleteConfirm, { count: deleting?.length ?? 0 })} onCancel={() => setDeleting(null)} onConfirm={() => { if (deleting) stage(deleteOps(collection, deleting.map((s) => s.name))); setSelection({}); setDeleting(null); }}>
        <p>{t(words.deleteQuestion, { count: deleting?.length ?? 0, names: (deleting ?? []).slice(0, 5).map((s) => s.name).join(', ') })}</p>
      </Alert>
    </div>
  );
}
