import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { ConfigSessionsProvider } from '../../../renderer/src/config/ConfigSessions';
import { DraftsSignalProvider } from '../../../renderer/src/config/DraftsSignal';
import type { HostClient } from '../../../renderer/src/host/hostClient';
import { HostProvider } from '../../../renderer/src/host/HostContext';
import { ParamsPage } from '../../../renderer/src/params/ParamsPage';
import { ToastProvider } from '../../../renderer/src/util/toast';

/** A configuration page of server s1 ("sw-1") with every provider it needs, over `host`. */
export function renderConfigPage(host: HostClient, page: ReactElement): void {
  render(
    <HostProvider client={host}>
      <ToastProvider>
        <ConfigSessionsProvider>
          <DraftsSignalProvider>{page}</DraftsSignalProvider>
        </ConfigSessionsProvider>
      </ToastProvider>
    </HostProvider>,
  );
}

/** The System parameters page of server s1 ("sw-1") with every provider it needs, over `host`. */
export function renderParamsPage(host: HostClient): void {
  renderConfigPage(host, <ParamsPage serverId="s1" serverName="sw-1" />);
}
