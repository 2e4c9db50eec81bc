import { useEffect, useMemo, useState } from 'react';
import { Button, Callout, Intent, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { DEFAULT_ALERT_RULES, effectiveAlertRules, isDefaultAlertRule, type AlertRule } from '@shared/model/alertRule';
import { valuesMatch } from '@shared/config';
import { ConfirmBanner } from '../config/ConfirmBanner';
import { useConfigSession } from '../config/ConfigSessions';
import { OfflineBanner } from '../config/OfflineBanner';
import { StagedBar } from '../config/StagedBar';
import { effectiveConfig, opKey } from '../config/staging';
import { LoadState } from '../workspace/LoadState';
import { formatAlertValue } from './alertsState';
import { alertRuleText } from './alertText';
import { RuleDialog } from './RuleDialog';

/**
 * The rules in force on one server (defaults, changed defaults, own rules), edited into the same
 * staged changes as parameters and gateways, and applied or saved as a draft from the staged bar.
 */
export function RulesPanel({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const { session, state } = useConfigSession(serverId);
  const [editing, setEditing] = useState<{ rule: AlertRule | null } | null>(null);
  useEffect(() => session.ensureLoaded(), [session]);
  const base = state.snapshot;
  const eff = useMemo(() => (base ? effectiveConfig(base, state.staged) : null), [base, state.staged]);
  if (!base || !eff) return <LoadState state={state} onRetry={() => void session.load()} />;
  const rules = effectiveAlertRules(eff.snapshot.alertRules);
  const staged = new Set(state.staged.map(opKey));
  const names = new Set(rules.map((r) => r.rule.name));

  return (
    <div className="rules-panel">
      <OfflineBanner state={state} />
      <ConfirmBanner session={session} state={state} />
      <div className="page-toolbar">
        <span className="muted">{t('alerts.rulesIntro')}</span>
        <span className="spacer" />
        <Button icon="add" text={t('alerts.addRule')} onClick={() => setEditing({ rule: null })} />
      </div>
      {eff.opErrors.length + eff.report.errors.length > 0 && (
        <Callout intent={Intent.DANGER}>
          <ul>{[...eff.opErrors, ...eff.report.errors].filter((e) => e.path.startsWith('alertRules')).map((e) => <li key={e.path + e.message}>{e.path}: {e.message}</li>)}</ul>
        </Callout>
      )}
      <table className="dense-table rules-table" aria-label={t('alerts.tabRules')}>
        <thead>
          <tr>
            <th>{t('alerts.colRule')}</th><th>{t('alerts.colSeverity')}</th><th>{t('alerts.colCondition')}</th><th>{t('alerts.colOrigin')}</th><th />
          </tr>
        </thead>
        <tbody>
          {rules.map(({ rule: r, origin }) => (
            <tr key={r.name} data-rule={r.name} className={`${r.enabled ? '' : 'rule-off'} ${staged.has(`alertRules[${r.name}]`) ? 'staged' : ''}`}>
              <td>
                <div className="mono"><span translate="no">{r.name}</span> {!r.enabled && <Tag minimal>{t('alerts.off')}</Tag>}</div>
                {r.description && <div className="muted small">{alertRuleText(t, r)}</div>}
              </td>
              <td>{t(`alerts.severity.${r.severity}`)}</td>
              <td className="mono">
                <span translate="no">{r.series}</span> {t(r.forSec === 0 ? 'alerts.conditionNow' : 'alerts.conditionText', { op: t(`alerts.op.${r.op}`), threshold: formatAlertValue(r.series, r.threshold), forSec: r.forSec })}
              </td>
              <td>{t(`alerts.origin.${origin}`)}</td>
              <td className="row-actions">
                <Button size="small" variant="minimal" icon="edit" aria-label={t('alerts.editRule', { name: r.name })} title={t('alerts.editRule', { name: r.name })} onClick={() => setEditing({ rule: r })} />
                {origin !== 'default' && (
                  <Button
                    size="small"
                    variant="minimal"
                    icon={isDefaultAlertRule(r.name) ? 'reset' : 'trash'}
                    aria-label={t(isDefaultAlertRule(r.name) ? 'alerts.restoreDefault' : 'alerts.deleteRule', { name: r.name })}
                    title={t(isDefaultAlertRule(r.name) ? 'alerts.restoreDefault' : 'alerts.deleteRule', { name: r.name })}
                    onClick={() => session.stage([{ op: 'alertRule.delete', name: r.name }])}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <StagedBar serverName={serverName} session={session} state={state} problemCount={eff.opErrors.length + eff.report.errors.length} />
      {editing && (
        <RuleDialog
          rule={editing.rule}
          takenNames={editing.rule ? new Set() : names}
          onCancel={() => setEditing(null)}
          onStage={(r) => {
            // A rule edited back to its default is no longer configuration: the default applies again.
            const def = DEFAULT_ALERT_RULES.find((d) => d.name === r.name);
            session.stage([def && valuesMatch(def, r) ? { op: 'alertRule.delete', name: r.name } : { op: 'alertRule.upsert', rule: r }]);
            setEditing(null);
          }}
        />
      )}
    </div>
  );
}
