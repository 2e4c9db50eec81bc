/**
 * One server's alerts: what is pending or firing now (live, from the alerts topic), the history
 * of resolved alerts (kept by the agent), the rules, and any database the agent cannot write
 * (engine.status storage, which the storage-problem rule also raises as an alert).
 */
import { useEffect, useState } from 'react';
import { Callout, Intent, Tab, Tabs } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Alert } from '@shared/rpc/alertsApi';
import type { StorageProblem } from '@shared/rpc/agentApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { plainFailure, failureToast, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { useToast } from '../util/toast';
import { ActiveAlertsTable, AlertHistoryTable } from './AlertTables';
import { sortActive } from './alertsState';
import { useFleetAlerts } from './FleetAlerts';
import { RulesPanel } from './RulesPanel';
import { formatTime } from '../util/time';

type AlertsTab = 'active' | 'history' | 'rules';

export function AlertsPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const host = useHost();
  const toast = useToast();
  const fleet = useFleetAlerts();
  const [tab, setTab] = useState<AlertsTab>('active');
  const [history, setHistory] = useState<{ alerts: Alert[]; hasMore: boolean } | null>(null);
  const [storage, setStorage] = useState<StorageProblem[]>([]);
  const [error, setError] = useState<PlainFailure | null>(null);
  const version = fleet.versions[serverId] ?? 0;
  const active = sortActive(fleet.active[serverId] ?? new Map());

  // Every change of this server's alerts may have moved one into the history, or come from storage.
  useEffect(() => {
    let live = true;
    Promise.all([callAgent(host, serverId, 'alerts.list', { historyLimit: 200 }), callAgent(host, serverId, 'engine.status', {})]).then(
      ([list, status]) => {
        if (!live) return;
        setHistory({ alerts: list.history, hasMore: list.hasMoreHistory });
        setStorage(status.storage ?? []);
        setError(null);
      },
      (e: unknown) => live && setError(plainFailure(t, e, 'read')),
    );
    return () => {
      live = false;
    };
  }, [host, serverId, version]);

  const acknowledge = (a: Alert) => {
    callAgent(host, serverId, 'alerts.acknowledge', { id: a.id }).catch((e: unknown) => toast(...failureToast(t, e, 'change', (error) => t('alerts.ackFailed', { error }))));
  };

  return (
    <div className="page alerts-page">
      {storage.length > 0 && (
        <Callout intent={Intent.DANGER} title={t('alerts.storageTitle')} className="storage-callout" role="alert">
          <ul>
            {storage.map((p) => (
              <li key={p.store + p.path}>{t('alerts.storageItem', { store: t(`alerts.storageStore.${p.store}`), path: p.path, message: p.message, time: formatTime(p.at) })}</li>
            ))}
          </ul>
        </Callout>
      )}
      {fleet.errors[serverId] && <Callout intent={Intent.WARNING}><FailureNote failure={fleet.errors[serverId]} lead={(error) => t('alerts.feedFailed', { error })} /></Callout>}
      {error && <Callout intent={Intent.DANGER}><FailureNote failure={error} lead={(text) => t('alerts.loadFailed', { error: text })} /></Callout>}
      <Tabs id={`alerts-${serverId}`} selectedTabId={tab} onChange={(id) => setTab(id as AlertsTab)} animate={false} renderActiveTabPanelOnly>
        <Tab id="active" title={t('alerts.tabActive', { count: active.length })} panel={<ActiveAlertsTable alerts={active} onAck={acknowledge} canAck />} />
        <Tab
          id="history"
          title={t('alerts.tabHistory')}
          panel={
            <>
              <AlertHistoryTable alerts={history?.alerts ?? []} />
              {history?.hasMore && <p className="muted">{t('alerts.moreHistory', { count: history.alerts.length })}</p>}
            </>
          }
        />
        <Tab id="rules" title={t('alerts.tabRules')} panel={<RulesPanel serverId={serverId} serverName={serverName} />} />
      </Tabs>
    </div>
  );
}
