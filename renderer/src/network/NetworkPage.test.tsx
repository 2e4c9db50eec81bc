// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { ConfigSessionsProvider } from '../config/ConfigSessions';
import { DraftsSignalProvider } from '../config/DraftsSignal';
import { HostProvider } from '../host/HostContext';
import { ServersProvider } from '../servers/ServersContext';
import { ToastProvider } from '../util/toast';
import { NetworkPage } from './NetworkPage';

beforeAll(installDomStubs);
afterEach(cleanup);

const HASH = 'c'.repeat(64);

let tlsInstalled = false;
const CERT = { subject: 'CN=switch.test', issuer: 'CN=switch.test', validFrom: 0, validTo: Date.UTC(2030, 0, 1), sha256: 'AB:CD' };

function setup() {
  const host = new FakeHost({
    'servers.list': () => ({ servers: [{ id: 's1', name: 'edge-1', group: '', host: '127.0.0.1', port: 22, user: 'ops', auth: 'password', agentSocket: null, notes: '' }] }),
    'servers.states': () => ({ states: [{ serverId: 's1', state: 'connected', since: new Date(0).toISOString() }] }),
    agent: {
      'config.get': () => ({
        snapshot: { revision: 7, hash: HASH, params: {}, routingGateways: [], mappingGateways: [], endpoints: [], sipListeners: [{ name: 'lan', address: '10.0.0.5', port: 5060, notes: '' }] },
        status: 'confirmed',
      }),
      'tls.status': () => (tlsInstalled ? { installed: true, certificate: CERT } : { installed: false }),
      'tls.install': () => {
        tlsInstalled = true;
        return { installed: true, certificate: CERT };
      },
    },
  });
  render(
    <HostProvider client={host}>
      <ToastProvider>
        <ServersProvider>
          <ConfigSessionsProvider>
            <DraftsSignalProvider>
              <NetworkPage serverId="s1" serverName="edge-1" />
            </DraftsSignalProvider>
          </ConfigSessionsProvider>
        </ServersProvider>
      </ToastProvider>
    </HostProvider>,
  );
  return host;
}

describe('NetworkPage: SIP listening addresses', () => {
  it('lists the configured addresses and stages a new one, refusing a bad address under its field', async () => {
    setup();
    await waitFor(() => expect(document.querySelector('[data-listener="lan"]')).not.toBeNull());
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'public' } });
    fireEvent.change(screen.getByLabelText('Address (IPv4)'), { target: { value: '203.0.113.999' } });
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '5080' } });
    fireEvent.change(screen.getByLabelText('Transport'), { target: { value: 'tcp' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add address' }));
    expect(screen.getByText('must be an IPv4 address such as 203.0.113.5 (or 0.0.0.0 for every interface)')).toBeTruthy();
    expect(document.querySelector('[data-listener="public"]')).toBeNull();

    fireEvent.change(screen.getByLabelText('Address (IPv4)'), { target: { value: '203.0.113.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add address' }));
    await waitFor(() => expect(document.querySelector('[data-listener="public"]')?.className).toContain('staged'));
    expect(document.querySelector('[data-listener="public"]')?.textContent).toContain('TCP');
    fireEvent.click(screen.getByRole('button', { name: 'Remove listening address lan' }));
    await waitFor(() => expect(document.querySelector('[data-listener="lan"]')).toBeNull());
  });
});

describe('NetworkPage: firewall rules', () => {
  it('stages an allow-list and a policy, refusing a bad source under its field with the entry named', async () => {
    setup();
    await waitFor(() => expect(screen.getByText(/^No firewall rule is set/)).toBeTruthy());
    fireEvent.change(screen.getByLabelText('Allow-list name'), { target: { value: 'office' } });
    fireEvent.change(screen.getByLabelText('Addresses or networks (IPv4 or IPv6)'), { target: { value: '203.0.113.0/24, 198.51.100.300' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add allow-list' }));
    expect(screen.getByText('must be an IPv4 or IPv6 address or network such as 203.0.113.0/24 or 2001:db8::/48 (entry 2)')).toBeTruthy();
    expect(document.querySelector('[data-fw-rule="office"]')).toBeNull();

    fireEvent.change(screen.getByLabelText('Addresses or networks (IPv4 or IPv6)'), { target: { value: '203.0.113.0/24\n198.51.100.7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add allow-list' }));
    await waitFor(() => expect(document.querySelector('[data-fw-rule="office"]')?.className).toContain('staged'));
    expect(document.querySelector('[data-fw-rule="office"]')?.textContent).toContain('203.0.113.0/24, 198.51.100.7');

    fireEvent.click(screen.getByLabelText('Drop SIP from every source that is neither a gateway nor allow-listed'));
    fireEvent.change(screen.getByLabelText('SSH port kept open'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Stage policy' }));
    expect(screen.getByText('must be a whole number')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('SSH port kept open'), { target: { value: '2222' } });
    fireEvent.change(screen.getByLabelText(/^Media \(RTP\) packets per second/), { target: { value: '400' } });
    fireEvent.click(screen.getByRole('button', { name: 'Stage policy' }));
    await waitFor(() => expect(document.querySelector('[data-fw-rule="policy"]')?.textContent).toContain('SIP from others: dropped; SIP per source: no limit/s (burst 50); SSH port 2222; media per source: 400/s'));
  });
});

describe('NetworkPage: TLS certificate', () => {
  it('shows that none is installed, installs the pasted pair and clears the key from the form', async () => {
    tlsInstalled = false;
    const host = setup();
    await waitFor(() => expect(document.querySelector('[data-tls-status="none"]')).not.toBeNull());
    const install = screen.getByRole('button', { name: 'Install certificate' });
    expect((install as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Certificate (PEM, chain may follow)'), { target: { value: '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----' } });
    fireEvent.change(screen.getByLabelText('Private key (PEM)'), { target: { value: '-----BEGIN PRIVATE KEY-----\nBBB\n-----END PRIVATE KEY-----' } });
    fireEvent.click(install);
    await waitFor(() => expect(document.querySelector('[data-tls-status="installed"]')?.textContent).toContain('CN=switch.test, valid until 2030-01-01'));
    expect(host.agentCalls('tls.install')).toEqual([{ certificatePem: '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----', privateKeyPem: '-----BEGIN PRIVATE KEY-----\nBBB\n-----END PRIVATE KEY-----' }]);
    expect((screen.getByLabelText('Private key (PEM)') as HTMLTextAreaElement).value).toBe('');
  });
});
