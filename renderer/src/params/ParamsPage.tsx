import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Callout, Checkbox, HTMLSelect, Icon, InputGroup, Intent, Menu, MenuItem } from '@blueprintjs/core';
import type { RowSelectionState } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { CATALOG, checkCrossRules, getParam, paramValueEquals, type ParamCategory, type ParamGroup, type ParamIssue, type ParamValue } from '@shared/catalog';
import { filterCatalog } from '../catalog/filterCatalog';
import { ConfirmBanner } from '../config/ConfirmBanner';
import { OfflineBanner } from '../config/OfflineBanner';
import { useConfigSession } from '../config/ConfigSessions';
import { StagedBar } from '../config/StagedBar';
import { effectiveConfig, opKey } from '../config/staging';
import { VirtualTable } from '../gateways/VirtualTable';
import { LoadState } from '../workspace/LoadState';
import { ParamDetail } from './ParamDetail';
import { paramIssueText } from './paramIssueText';
import { paramDescription } from './paramText';
import type { ShownValue } from './ParamEditor';
import { paramColumns, type ParamRow } from './paramColumns';
import { sectionize } from './paramRows';
import './params.css';

type Scope = 'all' | ParamGroup | `${ParamGroup}:${ParamCategory}`;
const ROW_HEIGHT = 22;
const APPLIED = CATALOG.filter((d) => d.engine.status !== 'stored').length;
/** The catalog in VOS3000's page order (SIP parameter, then System parameter; categories by name). */
const ORDERED = sectionize(CATALOG);

function inScope(scope: Scope, group: ParamGroup, category: ParamCategory): boolean {
  return scope === 'all' || scope === group || scope === `${group}:${category}`;
}

/**
 * System parameters of one server: one compact line per parameter (name, value, default, range, unit,
 * engine status) in a resizable, sortable table, and the selected parameter's editor, description and
 * related parameters in the pane beside it. Edits become staged ops.
 */
export function ParamsPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const { session, state } = useConfigSession(serverId);
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<Scope>('all');
  const [onlyChanged, setOnlyChanged] = useState(false);
  const [onlyApplied, setOnlyApplied] = useState(false);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [cursorName, setCursorName] = useState<string | undefined>();
  const [cursorRequest, setCursorRequest] = useState<{ id: string; seq: number } | undefined>();
  const detailRef = useRef<HTMLElement>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  useEffect(() => session.ensureLoaded(), [session]);

  const base = state.snapshot;
  const eff = useMemo(() => (base ? effectiveConfig(base, state.staged) : null), [base, state.staged]);
  const issues = useMemo<ParamIssue[]>(() => {
    if (!eff) return [];
    return checkCrossRules((name) => (eff.snapshot.params[name] ?? getParam(name)?.default ?? '') as ParamValue);
  }, [eff]);
  const columns = useMemo(() => paramColumns(t), [t]);
  const rows = useMemo<ParamRow[]>(() => {
    if (!eff) return [];
    const staged = new Set(state.staged.map(opKey));
    const shown = new Set(filterCatalog(CATALOG, { query, group: 'all', describe: (d) => paramDescription(t, d) }).map((d) => d.name));
    return ORDERED.filter((s) => inScope(scope, s.group, s.category))
      .flatMap((s) => s.defs)
      .filter((d) => shown.has(d.name) && (!onlyChanged || eff.snapshot.params[d.name] !== undefined) && (!onlyApplied || d.engine.status !== 'stored'))
      .map((def) => ({
        def,
        value: (eff.snapshot.params[def.name] ?? def.default) as ShownValue,
        nonDefault: eff.snapshot.params[def.name] !== undefined,
        staged: staged.has(`params.${def.name}`),
        issues: issues.filter((i) => i.params.includes(def.name)),
      }));
  }, [eff, state.staged, query, scope, onlyChanged, onlyApplied, issues, t]);
  const onCursor = useCallback((r: ParamRow | undefined) => setCursorName(r?.def.name), []);
  useEffect(() => {
    // Typing a parameter's exact name puts the cursor (and the pane) on it.
    const exact = CATALOG.find((d) => d.name.toLowerCase() === query.trim().toLowerCase());
    if (exact) setCursorRequest((r) => ({ id: exact.name, seq: (r?.seq ?? 0) + 1 }));
  }, [query]);

  if (!base || !eff) return <LoadState state={state} onRetry={() => void session.load()} />;

  // The pane follows the keyboard cursor; with none in view, a search for one exact name shows that one, else the first row.
  const detail = rows.find((r) => r.def.name === cursorName) ?? rows.find((r) => r.def.name.toLowerCase() === query.trim().toLowerCase()) ?? rows[0];
  const stage = (name: string, v: ParamValue) => session.stage([{ op: 'param.set', name, value: v as ParamValue & (string | number | boolean | number[]) }]);
  const reset = (targets: readonly ParamRow[]) => {
    const ops = targets.filter((r) => r.nonDefault && !paramValueEquals(r.value as ParamValue, r.def.default)).map((r) => ({ op: 'param.reset' as const, name: r.def.name }));
    if (ops.length) session.stage(ops);
  };
  const focusEditor = () => detailRef.current?.querySelector<HTMLElement>('[data-editor] input, [data-editor] select, [data-editor] button')?.focus();
  const focusTable = () => tableRef.current?.querySelector<HTMLElement>('[data-testid="virtual-scroll"]')?.focus();
  const showRelated = (name: string) => {
    if (!rows.some((r) => r.def.name === name)) {
      setQuery('');
      setScope('all');
      setOnlyChanged(false);
      setOnlyApplied(false);
    }
    setSelection({ [name]: true });
    setCursorRequest((r) => ({ id: name, seq: (r?.seq ?? 0) + 1 }));
  };
  const menu = (targets: ParamRow[]) => {
    const first = targets[0];
    const names = targets.map((r) => r.def.name);
    return (
      <Menu>
        {targets.length === 1 && first && <MenuItem icon="edit" text={t('dense.params.menuEdit')} onClick={() => { setCursorRequest((r) => ({ id: first.def.name, seq: (r?.seq ?? 0) + 1 })); setTimeout(focusEditor, 0); }} />}
        <MenuItem icon="reset" text={targets.length === 1 ? t('dense.params.menuReset') : t('dense.params.menuResetMany', { count: targets.length })} disabled={!targets.some((r) => r.nonDefault)} onClick={() => reset(targets)} />
        <MenuItem icon="clipboard" text={targets.length === 1 ? t('dense.params.menuCopy') : t('dense.params.menuCopyMany', { count: targets.length })} onClick={() => void navigator.clipboard?.writeText(names.join('\n'))} />
      </Menu>
    );
  };

  return (
    <div className="page params-page">
      <div className="page-toolbar">
        <InputGroup leftIcon="search" type="search" size="small" placeholder={t('params.search')} aria-label={t('params.search')} value={query} onValueChange={setQuery} className="search" />
        <HTMLSelect className="compact-select" aria-label={t('dense.params.category')} value={scope} onChange={(e) => setScope(e.currentTarget.value as Scope)}>
          <option value="all">{t('params.groupAll')}</option>
          {(['sip', 'system'] as const).map((g) => (
            <optgroup key={g} label={t(g === 'sip' ? 'params.groupSip' : 'params.groupSystem')}>
              <option value={g}>{t(g === 'sip' ? 'params.groupSip' : 'params.groupSystem')} — {t('dense.params.categoryAll')}</option>
              {ORDERED.filter((s) => s.group === g).map((s) => <option key={s.category} value={`${g}:${s.category}`}>{t(`category.${s.category}`)}</option>)}
            </optgroup>
          ))}
        </HTMLSelect>
        <Checkbox checked={onlyChanged} onChange={(e) => setOnlyChanged(e.currentTarget.checked)} label={t('params.onlyChanged')} className="inline-check" />
        <span className="muted count">{t('params.count', { shown: rows.length, total: CATALOG.length, revision: base.revision })}</span>
        <Button icon="refresh" size="small" variant="minimal" onClick={() => void session.load()} aria-label={t('common.reload')} title={t('common.reload')} />
      </div>
      <div className="engine-notice" role="note">
        <Icon icon="info-sign" size={12} />
        <span>{t('dense.engine.paramsNotice', { applied: APPLIED, total: CATALOG.length, stored: CATALOG.length - APPLIED })}</span>
        <Checkbox checked={onlyApplied} onChange={(e) => setOnlyApplied(e.currentTarget.checked)} label={t('dense.engine.onlyApplied')} className="inline-check" />
      </div>
      <OfflineBanner state={state} />
      <ConfirmBanner session={session} state={state} />
      {issues.length > 0 && (
        <Callout intent={issues.some((i) => i.severity === 'error') ? Intent.DANGER : Intent.WARNING} title={t('params.crossTitle')} className="cross-issues">
          <ul>{issues.map((i) => <li key={i.message}>{paramIssueText(i, t)}</li>)}</ul>
        </Callout>
      )}
      <div className="params-body">
        <div className="params-table-wrap" ref={tableRef}>
          <VirtualTable
            label={t('modules.params')}
            data={rows}
            columns={columns}
            rowId={(r) => r.def.name}
            filter=""
            selection={selection}
            onSelectionChange={setSelection}
            onOpen={(r) => { setCursorRequest((c) => ({ id: r.def.name, seq: (c?.seq ?? 0) + 1 })); setTimeout(focusEditor, 0); }}
            onCursor={onCursor}
            cursorRequest={cursorRequest}
            rowClass={(r) => `${r.nonDefault ? 'non-default' : ''} ${r.staged ? 'staged' : ''} ${r.def.engine.status === 'stored' ? 'not-applied' : ''} ${r === detail ? 'detail-row' : ''}`}
            rowHeight={ROW_HEIGHT}
            storageKey="params"
            contextMenu={menu}
            empty={<p className="muted empty">{t('params.none_query', { query })}</p>}
          />
        </div>
        <ParamDetail
          ref={detailRef}
          def={detail?.def}
          value={detail?.value ?? ''}
          nonDefault={detail?.nonDefault ?? false}
          staged={detail?.staged ?? false}
          issues={detail?.issues ?? []}
          onCommit={(v) => detail && stage(detail.def.name, v)}
          onReset={() => detail && reset([detail])}
          onUnstage={() => detail && session.unstage(`params.${detail.def.name}`)}
          onRelated={showRelated}
          onLeave={focusTable}
        />
      </div>
      <StagedBar serverName={serverName} session={session} state={state} problemCount={eff.opErrors.length + eff.report.errors.length} />
    </div>
  );
}
