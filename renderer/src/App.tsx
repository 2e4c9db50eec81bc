import { Component, type ReactNode } from 'react';
import { BlueprintProvider, Button, NonIdealState, Spinner } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { ConfigSessionsProvider } from './config/ConfigSessions';
import { DraftsSignalProvider } from './config/DraftsSignal';
import { FleetAlertsProvider } from './alerts/FleetAlerts';
import { ConnectProvider } from './servers/ConnectContext';
import { ServersProvider, useServers } from './servers/ServersContext';
import { useTheme } from './theme/useTheme';
import { ToastProvider } from './util/toast';
import { Workspace } from './workspace/Workspace';
import { useLibraryLabels } from './i18n/libraryLabels';

/** The window: theme, providers, and the workspace once the host has answered. */
export function App() {
  const { pref, setPref } = useTheme();
  useLibraryLabels();
  return (
    <BlueprintProvider>
      <ToastProvider>
        <HostErrorBoundary>
          <ServersProvider>
            <HostGate>
              <ConnectProvider>
                <ConfigSessionsProvider>
                  <DraftsSignalProvider>
                    <FleetAlertsProvider>
                      <Workspace theme={pref} onTheme={setPref} />
                    </FleetAlertsProvider>
                  </DraftsSignalProvider>
                </ConfigSessionsProvider>
              </ConnectProvider>
            </HostGate>
          </ServersProvider>
        </HostErrorBoundary>
      </ToastProvider>
    </BlueprintProvider>
  );
}

/** Shows the workspace only when the host answered; otherwise says why and how to recover. */
function HostGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { loaded, error, servers, reload } = useServers();
  if (!loaded) return <div className="fullscreen"><NonIdealState icon={<Spinner />} title={t('host.connecting')} /></div>;
  if (error !== null && servers.length === 0) return <Unreachable detail={error} onRetry={() => void reload()} />;
  return <>{children}</>;
}

/** Shown when no host transport exists at all (opened outside Electron and without the shell's token). */
export function HostUnavailable({ detail }: { detail: string }) {
  useTheme();
  return (
    <BlueprintProvider>
      <Unreachable detail={detail} onRetry={() => window.location.reload()} />
    </BlueprintProvider>
  );
}

function Unreachable({ detail, onRetry }: { detail: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="fullscreen">
      <NonIdealState
        icon="offline"
        title={t('host.unreachableTitle')}
        description={
          <div className="unreachable">
            <p>{t('host.unreachableBody')}</p>
            <p className="mono detail">{detail}</p>
            <p>{t('host.unreachableNext')}</p>
          </div>
        }
        action={<Button intent="primary" icon="refresh" onClick={onRetry} text={t('common.retry')} />}
      />
    </div>
  );
}

/** A host bridge that is missing altogether throws while rendering; show the same recovery screen. */
class HostErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) return <Unreachable detail={this.state.error.message} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
