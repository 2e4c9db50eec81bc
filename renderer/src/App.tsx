import type { ReactNode } from 'react';
import { BlueprintProvider, NonIdealState, Spinner } from '@blueprintjs/core';
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
import { Unreachable, WindowErrorBoundary } from './host/WindowScreens';

/** The window: theme, providers, and the workspace once the host has answered. */
export function App() {
  const { pref, setPref } = useTheme();
  useLibraryLabels();
  return (
    <BlueprintProvider>
      <ToastProvider>
        <WindowErrorBoundary>
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
        </WindowErrorBoundary>
      </ToastProvider>
    </BlueprintProvider>
  );
}

/** Shows the workspace only when the host answered; otherwise says why and how to recover. */
function HostGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { loaded, error, servers, reload } = useServers();
  if (!loaded) return <div className="fullscreen"><NonIdealState icon={<Spinner />} title={t('host.connecting')} /></div>;
  if (error !== null && servers.length === 0) return <Unreachable what="not-answering" error={error} onRetry={() => void reload()} />;
  return <>{children}</>;
}

/** Shown when no host transport exists at all (opened outside Electron and without the shell's token). */
export function HostUnavailable({ error }: { error: unknown }) {
  useTheme();
  return (
    <BlueprintProvider>
      <Unreachable what="no-bridge" error={error} onRetry={() => window.location.reload()} />
    </BlueprintProvider>
  );
}
