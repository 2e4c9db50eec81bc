import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, ButtonGroup, InputGroup, Intent } from '@blueprintjs/core';
import type { ColumnDef, RowSelectionState } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import type { CollectionKey } from '@shared/model/collections';
import type { ConfigOp } from '@shared/model/ops';
import { ConfirmBanner } from '../config/ConfirmBanner';
import { OfflineBanner } from '../config/OfflineBanner';
import { useConfigSession } from '../config/ConfigSessions';
import { StagedBar } from '../config/StagedBar';
import { effectiveConfig, opKey } from '../config/staging';
import type { ConfigSnapshot } from '@shared/model/snapshot';
import { useOpenTrace } from '../trace/TraceLauncher';
import { LoadState } from '../workspace/LoadState';
import { cloneOps, deleteOps, setEnabledOps } from './bulk';
import { CsvButtons } from './csv/CsvButtons';
import type { GatewayCsvFormat } from './csv/format';
import { VirtualTable } from './VirtualTable';

type Item = { name: string; enabled: boolean };

interface Props<T extends Item> {
  serverId: string;
  serverName: string;
  collection: CollectionKey;
  items: (s: ConfigSnapshot) => readonly T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack column value types differ per column
  columns: ColumnDef<T, any>[];
  /** The edit dialog for an item (undefined = new); it calls `stage` with the ops of its change. */
  dialog: (item: T | undefined, taken: ReadonlySet<string>, stage: (ops: ConfigOp[]) => void, close: () => void) => ReactNode;
  title: string;
  /** Column set for Export CSV / Import CSV…. */
  csv: GatewayCsvFormat<T>;
}

/** A gateway list over the server's configuration with staged edits applied, plus bulk actions as staged ops. */
export function GatewaysPage<T extends Item>({ serverId, serverName, collection, items, columns, dialog, title, csv }: Props<T>) {
  const { t } = useTranslation();
  const { session, state } = useConfigSession(serverId);
  const [filter, setFilter] = useState('');
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [editing, setEditing] = useState<{ item?: T } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const openTrace = useOpenTrace();
  useEffect(() => session.ensureLoaded(), [session]);

  const base = state.snapshot;
  const eff = useMemo(() => (base ? effectiveConfig(base, state.staged) : null), [base, state.staged]);
  const rows = useMemo(() => (eff ? items(eff.snapshot) : []), [eff, items]);
  if (!base || !eff) return <LoadState state={state} onRetry={() => void session.load()} />;

  const staged = new Set(state.staged.map(opKey));
  const selected = rows.filter((r) => selection[r.name]);
  const taken = new Set(rows.map((r) => r.name));
  const stage = (ops: ConfigOp[]) => session.stage(ops);

  return (
    <div className="page">
      <div className="page-toolbar">
        <InputGroup leftIcon="search" type="search" className="search" placeholder={t('gw.search')} aria-label={t('gw.search')} value={filter} onValueChange={setFilter} />
        <Button icon="add" intent={Intent.PRIMARY} onClick={() => setEditing({})} text={t('gw.add')} />
        <ButtonGroup>
          <Button icon="edit" disabled={selected.length !== 1} onClick={() => setEditing({ item: selected[0] })} text={t('gw.edit')} />
          <Button icon="play" disabled={selected.length === 0} onClick={() => stage(setEnabledOps(collection, selected, true))} text={t('gw.enable')} />
          <Button icon="pause" disabled={selected.length === 0} onClick={() => stage(setEnabledOps(collection, selected, false))} text={t('gw.disable')} />
          <Button icon="duplicate" disabled={selected.length === 0} onClick={() => stage(cloneOps(collection, selected, rows))} text={t('gw.clone')} />
          <Button icon="trash" intent={Intent.DANGER} disabled={selected.length === 0} onClick={() => setConfirmDelete(true)} text={t('gw.delete')} />
        </ButtonGroup>
        {openTrace && <Button icon="search-text" disabled={selected.length !== 1} onClick={() => selected[0] && openTrace(serverId, { gateway: selected[0].name })} text={t('gw.trace')} title={selected[0] ? t('gw.traceTitle', { name: selected[0].name }) : undefined} />}
        <ButtonGroup>
          <CsvButtons format={csv} rows={rows} fileStem={`${serverName}-${collection}`} onStage={stage} />
        </ButtonGroup>
        <span className="muted count">{t('gw.selected', { count: selected.length })}</span>
        <Button icon="refresh" variant="minimal" onClick={() => void session.load()} aria-label={t('common.reload')} title={t('common.reload')} />
      </div>
      <OfflineBanner state={state} />
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
        rowClass={(r) => `${staged.has(`${collection}[${r.name}]`) ? 'staged' : ''} ${r.enabled ? '' : 'disabled-row'}`}
        countText={(shown, total) => t('gw.count', { shown, total })}
      />
      <StagedBar serverName={serverName} session={session} state={state} problemCount={eff.opErrors.length + eff.report.errors.length} />
      {editing && dialog(editing.item, taken, (ops) => { stage(ops); setEditing(null); }, () => setEditing(null))}
      <Alert isOpen={confirmDelete} intent={Intent.DANGER} icon="trash" cancelButtonText={t('common.cancel')} confirmButtonText={t('gw.deleteConfirm', { count: selected.length })} onCancel={() => setConfirmDelete(false)} onConfirm={() => { stage(deleteOps(collection, selected.map((s) => s.name))); setSelection({}); setConfirmDelete(false); }}>
        <p>{t('gw.deleteQuestion', { count: selected.length, names: selected.slice(0, 5).map((s) => s.name).join(', ') })}</p>
      </Alert>
    </div>
  );
}
