import { Button, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Alert } from '@shared/rpc/alertsApi';
import { SEVERITY_INTENT } from './AlertIndicator';
import { alertSubject, formatAlertValue } from './alertsState';
import { alertRuleText } from './alertText';
import { formatTime } from '../util/time';

const time = (ms: number | null) => (ms === null ? '—' : formatTime(ms));

function What({ a }: { a: Alert }) {
  const { t } = useTranslation();
  const s = alertSubject(a.series);
  return (
    <>
      <div><span className="mono" translate="no">{a.rule}</span>{s.instance !== null && <> · <b className="mono" translate="no">{s.instance}</b></>}</div>
      <div className="muted small">{alertRuleText(t, { name: a.rule, description: a.description, series: a.series })}</div>
    </>
  );
}

function Severity({ a }: { a: Alert }) {
  const { t } = useTranslation();
  return <Tag intent={SEVERITY_INTENT[a.severity]} minimal={a.state !== 'firing'}>{t(`alerts.severity.${a.severity}`)}</Tag>;
}

/** Pending and firing alerts, with an Acknowledge button for those nobody has acknowledged. */
export function ActiveAlertsTable({ alerts, onAck, canAck }: { alerts: readonly Alert[]; onAck: (a: Alert) => void; canAck: boolean }) {
  const { t } = useTranslation();
  if (alerts.length === 0) return <p className="muted empty-note">{t('alerts.noneActive')}</p>;
  return (
    <table className="dense-table alerts-table" aria-label={t('alerts.tabActive', { count: alerts.length })}>
      <thead>
        <tr>
          <th>{t('alerts.colSeverity')}</th><th>{t('alerts.colState')}</th><th>{t('alerts.colWhat')}</th>
          <th>{t('alerts.colValue')}</th><th>{t('alerts.colThreshold')}</th><th>{t('alerts.colSince')}</th><th>{t('alerts.colAck')}</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={a.id} data-alert={a.rule} className={`alert-row state-${a.state}`}>
            <td><Severity a={a} /></td>
            <td>{t(`alerts.stateName.${a.state}`)}</td>
            <td><What a={a} /></td>
            <td className="mono">{formatAlertValue(a.series, a.value)}</td>
            <td className="mono">{t(`alerts.op.${a.op}`)} {formatAlertValue(a.series, a.threshold)}</td>
            <td>{time(a.firedAt ?? a.since)}</td>
            <td>
              {a.acknowledged ? t('alerts.ackBy', { by: a.acknowledged.by, time: time(a.acknowledged.at) }) : canAck && a.state === 'firing' && (
                <Button size="small" icon="tick" text={t('alerts.acknowledge')} aria-label={t('alerts.acknowledgeLabel', { rule: a.rule, what: alertSubject(a.series).instance ?? a.series })} onClick={() => onAck(a)} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Resolved alerts, newest first. */
export function AlertHistoryTable({ alerts }: { alerts: readonly Alert[] }) {
  const { t } = useTranslation();
  if (alerts.length === 0) return <p className="muted empty-note">{t('alerts.noneHistory')}</p>;
  return (
    <table className="dense-table alerts-table" aria-label={t('alerts.tabHistory')}>
      <thead>
        <tr>
          <th>{t('alerts.colSeverity')}</th><th>{t('alerts.colWhat')}</th><th>{t('alerts.colFired')}</th><th>{t('alerts.colResolved')}</th>
          <th>{t('alerts.colWorst')}</th><th>{t('alerts.colEnded')}</th><th>{t('alerts.colAck')}</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <tr key={a.id} data-alert={a.rule} className="alert-row state-resolved">
            <td><Severity a={a} /></td>
            <td><What a={a} /></td>
            <td>{time(a.firedAt)}</td>
            <td>{time(a.resolvedAt)}</td>
            <td className="mono">{formatAlertValue(a.series, a.worst)} <span className="muted">({t(`alerts.op.${a.op}`)} {formatAlertValue(a.series, a.threshold)})</span></td>
            <td>{a.endedBecause ? t(`alerts.ended.${a.endedBecause}`) : '—'}</td>
            <td>{a.acknowledged ? t('alerts.ackBy', { by: a.acknowledged.by, time: time(a.acknowledged.at) }) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

