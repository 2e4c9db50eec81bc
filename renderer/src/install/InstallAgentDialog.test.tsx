// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import '../i18n';
import type { Server } from '@shared/rpc/hostApi';
import type { InstallPlan, InstallProgress } from '@shared/rpc/installApi';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { HostProvider } from '../host/HostContext';
import { InstallAgentDialog } from './InstallAgentDialog';

beforeAll(installDomStubs);
afterEach(cleanup);

const SERVER: Server = { id: 's1', name: 'sw-1', group: '', host: '192.0.2.7', port: 22, username: 'alice', auth: { kind: 'password' }, role: 'admin', notes: '' };
const PLAN: InstallPlan = {
  serverId: 's1',
  login: 'alice',
  os: 'Debian GNU/Linux 12 (bookworm)',
  arch: 'amd64',
  systemd: false,
  sudo: 'password',
  action: 'upgrade',
  installedVersion: '0.1.0~prev',
  packageVersion: '0.1.0',
  engine: { kamailio: { installed: '5.6.3-2', available: '5.6.3-2' }, rtpengine: { installed: null, available: '10.5.3.5-1' } },
  steps: [
    { id: 'upload', file: 'switch-agent_0.1.0_amd64.deb', version: '0.1.0', bytes: 36 * 1024 * 1024 },
    { id: 'install', from: '0.1.0~prev', to: '0.1.0', sudo: 'password' },
    { id: 'group', user: 'alice', group: 'switchdeck-admin' },
    { id: 'start', systemd: false, restart: true },
    { id: 'connect' },
  ],
};
const SUDO = { promptId: 'p1', kind: 'password' as const, name: 'sudo', instructions: 'Installing switch-agent needs root on sw-1: sudo asks for the password of alice.', prompts: [{ text: '[sudo] password for alice', echo: false }], retry: false, canRemember: true };
const ids = { installId: 'i1', serverId: 's1' };

function mount(host: FakeHost) {
  let closed = false;
  render(
    <HostProvider client={host}>
      <InstallAgentDialog server={SERVER} onClose={() => (closed = true)} />
    </HostProvider>,
  );
  return { closed: () => closed };
}

describe('Install agent dialog', () => {
  it("purge: the plan says what goes, and Purge is enabled only once the server's name is typed, then sent as confirmName", async () => {
    const purgePlan: InstallPlan = { ...PLAN, action: 'purge', installedVersion: '0.1.0', steps: [{ id: 'stop', systemd: false }, { id: 'remove', version: '0.1.0', purge: true, sudo: 'password' }] };
    const host = new FakeHost({
      'install.plan': () => ({ status: 'ready', plan: purgePlan }),
      'install.run': () => ({ status: 'started', installId: 'i1', plan: purgePlan }),
    });
    render(
      <HostProvider client={host}>
        <InstallAgentDialog server={SERVER} mode="purge" onClose={() => undefined} />
      </HostProvider>,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Purge switch-agent and its data from sw-1' }, { timeout: 10_000 });
    await within(dialog).findByText('switch-agent 0.1.0 is on this server. Purging it will (its data in /var/lib/switch-agent and its settings are deleted):');
    expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent?.trim())).toEqual([
      'Stop the running agent (Kamailio and rtpengine stop with it: calls in progress end)',
      'Purge the package and delete its data with sudo (you will be asked for the password of alice)',
    ]);
    expect(host.calls[0]).toEqual({ method: 'install.plan', params: { serverId: 's1', action: 'purge' } });
    const purge = within(dialog).getByRole('button', { name: 'Purge' });
    expect(purge).toHaveProperty('disabled', true);
    fireEvent.change(within(dialog).getByLabelText("Type the server's name, sw-1, to delete its data:"), { target: { value: 'sw-1' } });
    expect(purge).toHaveProperty('disabled', false);
    fireEvent.click(purge);
    await waitFor(() => expect(host.calls.find((c) => c.method === 'install.run')?.params).toEqual({ serverId: 's1', action: 'purge', confirmName: 'sw-1' }));
  });

  it('resumes an install waiting at its sudo question (a reloaded window): asks it again at once and answers it with install.answer', async () => {
    const host = new FakeHost({
      'install.plan': () => ({ status: 'ready', plan: PLAN }),
      'install.answer': () => ({ status: 'started', installId: 'i1', plan: PLAN }),
    });
    render(
      <HostProvider client={host}>
        <InstallAgentDialog server={SERVER} resume={{ installId: 'i1', prompt: SUDO }} onClose={() => undefined} />
      </HostProvider>,
    );
    // The plan is read first (a loaded machine takes more than the default second to get there).
    const sudo = await screen.findByRole('dialog', { name: 'Password for sw-1' }, { timeout: 10_000 });
    fireEvent.change(within(sudo).getByLabelText('[sudo] password for alice'), { target: { value: 'secret' } });
    fireEvent.click(within(sudo).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(host.calls.find((c) => c.method === 'install.answer')?.params).toEqual({ promptId: 'p1', answers: ['secret'], remember: false }));
    expect(host.calls.some((c) => c.method === 'install.run'), 'no second install is started').toBe(false);
  });

  it('shows the plan with both versions, asks the sudo password in the credentials dialog, then each step and its output live, and the result', async () => {
    const host = new FakeHost({
      'install.plan': () => ({ status: 'ready', plan: PLAN }),
      'install.run': () => ({ status: 'credentialsPrompt', installId: 'i1', credentialsPrompt: SUDO }),
      'install.answer': () => ({ status: 'started', installId: 'i1', plan: PLAN }),
    });
    mount(host);
    const dialog = await screen.findByRole('dialog', { name: 'Install switch-agent on sw-1' });
    await within(dialog).findByText('switch-agent 0.1.0~prev is installed. Upgrading it to 0.1.0 will:');
    const steps = within(dialog).getAllByRole('listitem').map((li) => li.textContent?.trim());
    expect(steps).toEqual([
      'Upload switch-agent 0.1.0 (36.0 MB)',
      'Upgrade 0.1.0~prev to 0.1.0 with sudo (you will be asked for the password of alice)',
      'Add user alice to switchdeck-admin',
      'Stop the running agent and start the new version',
      'Connect',
    ]);
    expect(dialog.textContent).toContain('rtpengine: will be installed from the distribution (10.5.3.5-1)');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Upgrade' }));

    const sudo = await screen.findByRole('dialog', { name: 'Password for sw-1' });
    expect(sudo.textContent).toContain('sudo asks for the password of alice');
    fireEvent.change(within(sudo).getByLabelText('[sudo] password for alice'), { target: { value: 'secret' } });
    fireEvent.click(within(sudo).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(host.calls.find((c) => c.method === 'install.answer')?.params).toEqual({ promptId: 'p1', answers: ['secret'], remember: false }));

    const running = await screen.findByRole('dialog', { name: 'Install switch-agent on sw-1' });
    const emit = (p: InstallProgress) => act(() => host.emit('install.progress', p));
    emit({ ...ids, kind: 'step', step: 'upload', state: 'running' });
    emit({ ...ids, kind: 'output', step: 'upload', stream: 'info', text: '9.0 MB of 36.0 MB sent\n' });
    emit({ ...ids, kind: 'step', step: 'upload', state: 'done' });
    emit({ ...ids, kind: 'step', step: 'install', state: 'running' });
    emit({ ...ids, kind: 'output', step: 'install', stream: 'stdout', text: 'Setting up switch-agent (0.1.0) ...\n' });
    emit({ ...ids, serverId: 'other', kind: 'output', step: 'install', stream: 'stdout', text: 'another server\n' });
    expect(within(running).getByLabelText('Output').textContent).toBe('9.0 MB of 36.0 MB sent\nSetting up switch-agent (0.1.0) ...\n');
    expect(within(running).getAllByRole('listitem').map((li) => li.getAttribute('data-state'))).toEqual(['done', 'running', 'pending', 'pending', 'pending']);
    // While it runs the dialog offers Cancel, which cancels the install.
    expect(within(running).getByRole('button', { name: 'Cancel' })).toBeTruthy();
    emit({ ...ids, kind: 'step', step: 'install', state: 'done' });
    emit({ ...ids, kind: 'finished', outcome: 'installed', message: 'switch-agent upgraded from 0.1.0~prev to 0.1.0.', agentVersion: '0.1.0' });
    expect(await within(running).findByText('Done: switch-agent upgraded from 0.1.0~prev to 0.1.0.')).toBeTruthy();
    expect(within(running).getAllByRole('button', { name: 'Close' }).length).toBeGreaterThan(0);
    expect(within(running).queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('a failure names the step and what to do; Cancel while running calls install.cancel', async () => {
    const host = new FakeHost({
      'install.plan': () => ({ status: 'ready', plan: { ...PLAN, sudo: 'root', action: 'install', installedVersion: null, steps: [{ id: 'upload', file: 'f.deb', version: '0.1.0', bytes: 1 }, { id: 'install', from: null, to: '0.1.0', sudo: 'root' }, { id: 'connect' }] } }),
      'install.run': () => ({ status: 'started', installId: 'i1', plan: PLAN }),
      'install.cancel': () => ({}),
    });
    mount(host);
    const dialog = await screen.findByRole('dialog', { name: 'Install switch-agent on sw-1' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Install' }));
    await waitFor(() => expect(host.calls.some((c) => c.method === 'install.run')).toBe(true));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(host.calls.find((c) => c.method === 'install.cancel')?.params).toEqual({ installId: 'i1' }));
    act(() => host.emit('install.progress', { ...ids, kind: 'finished', outcome: 'failed', step: 'install', message: 'Install failed (exit 100: E: Could not get lock). Read the output above.' }));
    expect(await within(dialog).findByText('"Install" failed. Install failed (exit 100: E: Could not get lock). Read the output above.')).toBeTruthy();
  });

  it('a refusal says why in plain words and offers only Close', async () => {
    const host = new FakeHost({ 'install.plan': () => ({ status: 'refused', reason: 'os-unsupported', detail: 'Rocky Linux 9.3', message: 'x' }) });
    const m = mount(host);
    const dialog = await screen.findByRole('dialog', { name: 'Install switch-agent on sw-1' });
    expect(await within(dialog).findByText('switch-agent installs on Debian 12 and Ubuntu 24.04; this server runs Rocky Linux 9.3. Use a supported server.')).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Install' })).toBeNull();
    fireEvent.click(within(dialog).getAllByRole('button', { name: 'Close' }).at(-1)!);
    expect(m.closed()).toBe(true);
  });
});
