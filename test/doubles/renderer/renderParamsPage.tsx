import { render } from '@testing-library/react';
import { ConfigSessionsProvider } from '../../../renderer/src/config/ConfigSessions';
import { DraftsSignalProvider } from '../../../renderer/src/config/DraftsSignal';
import type { HostClient } from '../../../renderer/src/host/hostClient';
import { HostProvider } from '../../../renderer/src/host/HostContext';
import { ParamsPage } from '../../../renderer/src/params/ParamsPage';
import { ToastProvider } from '../../../renderer/src/util/toast';

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
