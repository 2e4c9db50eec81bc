import { render } from '@testing-library/react';
import { ConfigSessionsProvider } from '../config/ConfigSessions';
import { DraftsSignalProvider } from '../config/DraftsSignal';
import type { HostClient } from '../host/hostClient';
import { HostProvider } from '../host/HostContext';
import { ParamsPage } from '../params/ParamsPage';
import { ToastProvider } from '../util/toast';

/** The System parameters page of server s1 ("sw-1") with every provider it needs, over `host`. */
export function renderParamsPage(host: HostClient): void {
  render(
    <HostProvider client={host}>
      <ToastProvider>
        <ConfigSessionsProvider>
          <DraftsSignalProvider>
            <ParamsPage serverId="s1" serverName="sw-1" />
          </DraftsSignalProvider>
        </ConfigSessionsProvider>
      </ToastProvider>
    </HostProvider>,
  );
}
