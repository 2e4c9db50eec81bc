// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import '../i18n';
import type { ConnectOutcome, Server } from '@shared/rpc/hostApi';
import { HostProvider } from '../host/HostContext';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { ToastProvider } from '../util/toast';
import { ConnectProvider } from './ConnectContext';

beforeAll(installDomStubs);
afterEach(cleanup);

const SERVER: Server = { id: 's1', name: 'sw-1', group: '', host: '192.0.2.7', port: 22, username: 'ops', auth: { kind: 'password' }, role: 'admin', notes: '' };
const HOST_KEY: ConnectOutcome = {
  status: 'hostKeyPrompt',
  hostKeyPrompt: { promptId: 'p1', host: '192.0.2.7', port: 22, keyType: 'ssh-ed25519', fingerprintSha256: `SHA256:${'A'.repeat(43)}`, kind: 'unknown' },
};

function mount(host: FakeHost) {
  render(
    <HostProvider client={host}>
      <ToastProvider>
        <ConnectProvider>
          <div />
        </ConnectProvider>
      </ToastProvider>
    </HostProvider>,
  );
}

describe('a question pending when the window (re)loads', () => {
  it('shows the host key prompt again and answers it with its original id', async () => {
    const host = new FakeHost({
      'servers.list': () => ({ servers: [SERVER] }),
      'servers.pendingPrompts': () => ({ prompts: [{ serverId: 's1', outcome: HOST_KEY }] }),
      'hostKeys.decide': () => ({ status: 'connected', agentVersion: '1.0.0', role: 'admin' }),
    });
    mount(host);
    const dialog = await screen.findByRole('dialog', { name: /First connection to sw-1/ });
    expect(dialog.textContent).toContain(`SHA256:${'A'.repeat(43)}`);
    fireEvent.click(screen.getByRole('button', { name: 'Accept key and connect' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: /First connection/ })).toBeNull());
    expect(host.calls.find((c) => c.method === 'hostKeys.decide')?.params).toEqual({ promptId: 'p1', decision: 'accept-save' });
  });

  it('shows the password prompt again', async () => {
    const host = new FakeHost({
      'servers.list': () => ({ servers: [SERVER] }),
      'servers.pendingPrompts': () => ({
        prompts: [{ serverId: 's1', outcome: { status: 'credentialsPrompt', credentialsPrompt: { promptId: 'p2', kind: 'password', name: '', instructions: '', prompts: [], retry: false, canRemember: true } } }],
      }),
    });
    mount(host);
    expect(await screen.findByRole('dialog', { name: 'Password for sw-1' })).toBeTruthy();
  });

  it('shows nothing when no question is open', async () => {
    const host = new FakeHost({ 'servers.list': () => ({ servers: [SERVER] }), 'servers.pendingPrompts': () => ({ prompts: [] }) });
    mount(host);
    await waitFor(() => expect(host.calls.some((c) => c.method === 'servers.pendingPrompts')).toBe(true));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
