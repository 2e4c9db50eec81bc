import { Fragment, useEffect, useMemo, useState } from 'react';
import { Button, Callout, Checkbox, HTMLSelect, Icon, InputGroup, Intent, Tag, Tooltip } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { CATALOG, checkCrossRules, describeAllowed, formatParamValue, getParam, paramValueEquals, type ParamGroup, type ParamIssue, type ParamValue } from '@shared/catalog';
import { filterCatalog } from '../catalog/filterCatalog';
import { ConfirmBanner } from '../config/ConfirmBanner';
import { OfflineBanner } from '../config/OfflineBanner';
import { useConfigSession } from '../config/ConfigSessions';
import { StagedBar } from '../config/StagedBar';
import { effectiveConfig, opKey } from '../config/staging';
import { LoadState } from '../workspace/LoadState';
import { EngineBadge } from './EngineBadge';
import { ParamEditor, type ShownValue } from './ParamEditor';
import { sectionize } from './paramRows';

/** Long SS_ names may wrap after an underscore instead of widening the column. */
function breakable(name: string) {
  return name.split('_').map((part, i) => (i === 0 ? part : <Fragment key={i}>_<wbr />{part}</Fragment>));
}

/** System parameters of one server: every catalog entry with its live value, edited into staged ops. */
export function ParamsPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const { session, state } = useConfigSession(serverId);
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState<ParamGroup | 'all'>('all');
  const [onlyChanged, setOnlyChanged] = useState(false);
  useEffect(() => session.ensureLoaded(), [session]);

  const base = state.snapshot;
  const eff = useMemo(() => (base ? effectiveConfig(base, state.staged) : null), [base, state.staged]);
  const value = (name: string): ShownValue => (eff?.snapshot.params[name] ?? getParam(name)?.default ?? '') as ShownValue;
  const issues = useMemo<ParamIssue[]>(() => {
    if (!eff) return [];
    return checkCrossRules((name) => (eff.snapshot.params[name] ?? getParam(name)?.default ?? '') as ParamValue);
  }, [eff]);
  const stagedKeys = new Set(state.staged.map(opKey));
  const sections = useMemo(() => {
    const defs = filterCatalog(CATALOG, { query, group }).filter((d) => !onlyChanged || eff?.snapshot.params[d.name] !== undefined);
    return sectionize(defs);
  }, [query, group, onlyChanged, eff]);

  if (!base || !eff) return <LoadState state={state} onRetry={() => void session.load()} />;
  const issuesOf = (name: string) => issues.filter((i) => i.params.includes(name));
  const shown = sections.reduce((n, s) => n + s.defs.length, 0);

  return (
    <div className="page">
      <div className="page-toolbar">
        <InputGroup leftIcon="search" type="search" placeholder={t('params.search')} aria-label={t('params.search')} value={query} onValueChange={setQuery} className="search" />
        <HTMLSelect aria-label={t('params.group')} value={group} onChange={(e) => setGroup(e.currentTarget.value as ParamGroup | 'all')}>
          <option value="all">{t('params.groupAll')}</option>
          <option value="sip">{t('params.groupSip')}</option>
          <option value="system">{t('params.groupSystem')}</option>
        </HTMLSelect>
        <Checkbox checked={onlyChanged} onChange={(e) => setOnlyChanged(e.currentTarget.checked)} label={t('params.onlyChanged')} className="inline-check" />
        <span className="muted count">{t('params.count', { shown, total: CATALOG.length, revision: base.revision })}</span>
        <Button icon="refresh" variant="minimal" onClick={() => void session.load()} aria-label={t('common.reload')} title={t('common.reload')} />
      </div>
      <OfflineBanner state={state} />
      <ConfirmBanner session={session} state={state} />
      {issues.length > 0 && (
        <Callout intent={issues.some((i) => i.severity === 'error') ? Intent.DANGER : Intent.WARNING} title={t('params.crossTitle')} className="cross-issues">
          <ul>{issues.map((i) => <li key={i.message}>{i.message}</li>)}</ul>
        </Callout>
      )}
      <div className="table-scroll">
        <table className="dense-table params-table">
          <colgroup>
            <col style={{ width: 230 }} />
            <col style={{ width: 250 }} />
            <col style={{ width: 120 }} />
            <col style={{ width: 160 }} />
            <col />
            <col style={{ width: 110 }} />
          </colgroup>
          <thead>
            <tr>
              <th>{t('params.colName')}</th>
              <th className="col-value">{t('params.colValue')}</th>
              <th>{t('params.colDefault')}</th>
              <th>{t('params.colAllowed')}</th>
              <th>{t('params.colDescription')}</th>
              <th>{t('params.colEngine')}</th>
            </tr>
          </thead>
          <tbody>
            {sections.map((s) => (
              <Fragment key={`${s.group}-${s.category}`}>
                <tr className="section-row">
                  <td colSpan={6}>{t(s.group === 'sip' ? 'params.groupSip' : 'params.groupSystem')} › {t(`category.${s.category}`)}</td>
                </tr>
                {s.defs.map((d) => {
                  const v = value(d.name);
                  const nonDefault = eff.snapshot.params[d.name] !== undefined;
                  const staged = stagedKeys.has(`params.${d.name}`);
                  const rowIssues = issuesOf(d.name);
                  return (
                    <tr key={d.name} className={`${nonDefault ? 'non-default' : ''} ${staged ? 'staged' : ''}`} data-param={d.name}>
                      <td className="mono name-cell">
                        {nonDefault && <Tooltip content={t('params.nonDefault')}><span className="dot" aria-label={t('params.nonDefault')} /></Tooltip>}
                        {breakable(d.name)}
                        {rowIssues.length > 0 && (
                          <Tooltip content={rowIssues.map((i) => i.message).join(' ')}>
                            <Icon icon="warning-sign" intent={rowIssues.some((i) => i.severity === 'error') ? Intent.DANGER : Intent.WARNING} className="row-icon" />
                          </Tooltip>
                        )}
                      </td>
                      <td className="col-value">
                        <div className="value-cell">
                          <ParamEditor def={d} value={v} onCommit={(nv) => session.stage([{ op: 'param.set', name: d.name, value: nv as ParamValue & (string | number | boolean | number[]) }])} />
                          {staged && <Tag intent={Intent.PRIMARY} minimal interactive onRemove={() => session.unstage(`params.${d.name}`)}>{t('params.staged')}</Tag>}
                          {nonDefault && !paramValueEquals(v as ParamValue, d.default) && (
                            <Button size="small" variant="minimal" icon="reset" title={t('params.resetTitle', { value: formatParamValue(d.name, d.default) })} aria-label={t('params.resetTitle', { value: formatParamValue(d.name, d.default) })} onClick={() => session.stage([{ op: 'param.reset', name: d.name }])} />
                          )}
                        </div>
                      </td>
                      <td className="mono">{formatParamValue(d.name, d.default, { redactSecrets: true })}</td>
                      <td>{describeAllowed(d)}</td>
                      <td className="desc">
                        {d.description}
                        {d.related.length > 0 && (
                          <div className="related">
                            <span>{t('params.related')}</span>
                            <ul className="related-list">
                              {d.related.map((r) => (
                                <li key={r}>
                                  <button type="button" className="related-link mono" onClick={() => setQuery(r)} title={t('params.showRelated', { name: r })}>{breakable(r)}</button>
                                </li>
                              ))}
                            </ul>
                          </div>
                        )}
                      </td>
                      <td><EngineBadge support={d.engine} /></td>
                    </tr>
                  );
                })}
              </Fragment>
            ))}
          </tbody>
        </table>
        {shown === 0 && <p className="muted empty">{t('params.none_query', { query })}</p>}
      </div>
      <StagedBar serverName={serverName} session={session} state={state} problemCount={eff.opErrors.length + eff.report.errors.length} />
    </div>
  );
}
