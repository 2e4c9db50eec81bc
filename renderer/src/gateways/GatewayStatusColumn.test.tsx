// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import i18next from 'i18next';
import { MappingGatewaySchema, type MappingGateway } from '@shared/model/mappingGateway';
import { RoutingGatewaySchema, type RoutingGateway } from '@shared/model/routingGateway';
import type { GatewayStatusResult } from '@shared/rpc/gatewaysApi';
import type { OutboundRegistrationsResult } from '@shared/rpc/outboundRegistrationsApi';
import { mappingColumns, routingColumns } from './columns';
import { VirtualTable } from './VirtualTable';
import { setupPageTests } from '../../../test/doubles/renderer/pageTests';

const routing: RoutingGateway[] = ['gw-up', 'gw-down', 'gw-plain', 'gw-new'].map((name) => RoutingGatewaySchema.parse({ name, addresses: [{ host: '192.0.2.1' }] }));
const mapping: MappingGateway[] = ['cust-a', 'cust-b'].map((name) => MappingGatewaySchema.parse({ name, authMode: 'ip', ips: [{ ip: '192.0.2.9' }] }));

const STATUS: GatewayStatusResult = {
  at: 1_764_905_400_000, probeIntervalSec: 30, onlineWindowSec: 300,
  routing: [
    { name: 'gw-up', state: 'up', since: 1_764_905_000_000, addresses: [{ address: '192.0.2.1:5060', state: 'up' }] },
    { name: 'gw-down', state: 'down', since: 1_764_905_300_000, addresses: [{ address: '192.0.2.1:5060', state: 'down' }] },
    { name: 'gw-plain', state: 'unprobed', since: null, addresses: [{ address: '192.0.2.1:5060', state: 'unprobed' }] },
  ],
  mapping: [{ name: 'cust-a', state: 'online', lastSeen: 1_764_905_390_000 }, { name: 'cust-b', state: 'offline', lastSeen: null }],
};

setupPageTests({ height: 560 });

const row = (name: string) => screen.getByText(name).closest('tr')!;
const statusOf = (name: string) => row(name).querySelector('[data-status]');

describe('gateway status column', () => {
  it('shows each routing gateway as up, down or not checked, in words and colour, and a dash where the switch said nothing', () => {
    render(<VirtualTable label="Routing gateways" data={routing} columns={routingColumns(i18next.t, STATUS)} rowId={(r) => r.name} filter="" selection={{}} onSelectionChange={() => undefined} onOpen={() => undefined} countText={(s, t) => `${s} of ${t}`} />);
    expect(screen.getByRole('columnheader', { name: /Status/ })).toBeTruthy();
    expect(within(row('gw-up')).getByText('Up')).toBeTruthy();
    expect(statusOf('gw-up')?.getAttribute('data-status')).toBe('up');
    expect(within(row('gw-down')).getByText('Down')).toBeTruthy();
    expect(statusOf('gw-down')?.className).toContain('bp6-intent-danger');
    expect(statusOf('gw-down')?.getAttribute('title')).toMatch(/calls skip this gateway until it answers again/);
    expect(within(row('gw-plain')).getByText('Not checked')).toBeTruthy();
    expect(statusOf('gw-new')).toBeNull();
    expect(within(row('gw-new')).getAllByText('—').length).toBeGreaterThan(0);
  });

  it('shows mapping gateways online or offline from their calls', () => {
    render(<VirtualTable label="Mapping gateways" data={mapping} columns={mappingColumns(i18next.t, STATUS)} rowId={(r) => r.name} filter="" selection={{}} onSelectionChange={() => undefined} onOpen={() => undefined} countText={(s, t) => `${s} of ${t}`} />);
    expect(within(row('cust-a')).getByText('Online')).toBeTruthy();
    expect(statusOf('cust-a')?.className).toContain('bp6-intent-success');
    expect(within(row('cust-b')).getByText('Offline')).toBeTruthy();
    expect(statusOf('cust-b')?.getAttribute('title')).toBe('No calls from this gateway in the last 5 minutes.');
  });

  it('says a mapping gateway is online because it is registered', () => {
    const registered = { ...STATUS, mapping: [{ name: 'cust-a', state: 'online' as const, lastSeen: null, registered: true }, { name: 'cust-b', state: 'offline' as const, lastSeen: null, registered: false }] };
    render(<VirtualTable label="Mapping gateways" data={mapping} columns={mappingColumns(i18next.t, registered)} rowId={(r) => r.name} filter="" selection={{}} onSelectionChange={() => undefined} onOpen={() => undefined} countText={(s, t) => `${s} of ${t}`} />);
    expect(within(row('cust-a')).getByText('Online')).toBeTruthy();
    expect(statusOf('cust-a')?.getAttribute('title')).toBe('This gateway is registered with the switch (its account and password).');
    expect(statusOf('cust-b')?.getAttribute('title')).toBe('No calls from this gateway in the last 5 minutes.');
  });

  it('shows no state at all without an answer from the server', () => {
    render(<VirtualTable label="Routing gateways" data={routing} columns={routingColumns(i18next.t, null)} rowId={(r) => r.name} filter="" selection={{}} onSelectionChange={() => undefined} onOpen={() => undefined} countText={(s, t) => `${s} of ${t}`} />);
    expect(document.querySelectorAll('[data-status]')).toHaveLength(0);
  });

  it('shows the registration to the carrier: registered, or failed with the next try under the mouse', () => {
    const regs: OutboundRegistrationsResult = {
      at: 1_764_905_400_000, retryDelaySec: 60,
      items: [
        { name: 'gw-up', state: 'registered', registrar: '192.0.2.1:5060', requestedExpiresSec: 3600, expiresAt: 1_764_905_700_000, failedAt: null, nextAttemptAt: null },
        { name: 'gw-down', state: 'failed', registrar: '192.0.2.1:5060', requestedExpiresSec: 3600, expiresAt: null, failedAt: 1_764_905_390_000, nextAttemptAt: 1_764_905_450_000 },
      ],
    };
    render(<VirtualTable label="Routing gateways" data={routing} columns={routingColumns(i18next.t, null, regs)} rowId={(r) => r.name} filter="" selection={{}} onSelectionChange={() => undefined} onOpen={() => undefined} countText={(s, t) => `${s} of ${t}`} />);
    expect(screen.getByRole('columnheader', { name: /^Reg. state/ })).toBeTruthy();
    expect(within(row('gw-up')).getByText('Registered')).toBeTruthy();
    expect(statusOf('gw-up')?.getAttribute('title')).toMatch(/^Registered at 192\.0\.2\.1:5060 until .+ \(asked for 3600 s\)\.$/);
    expect(statusOf('gw-down')?.className).toContain('bp6-intent-danger');
    expect(statusOf('gw-down')?.getAttribute('title')).toMatch(/refused or not answered at .+\. Next try at .+ \(60 s later\)\.$/);
    expect(statusOf('gw-plain')).toBeNull();
  });
});
