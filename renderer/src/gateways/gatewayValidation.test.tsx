// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { newRoutingGateway, RoutingGatewayDialog } from './RoutingGatewayDialog';
import { formFieldOf } from './useGatewaySubmit';
import { MappingGatewayDialog, newMappingGateway } from './MappingGatewayDialog';

beforeAll(installDomStubs);
afterEach(cleanup);

const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Stage change' }));
const valid = { ...newRoutingGateway(), name: 'carrier-a', addresses: [{ host: '203.0.113.9', port: 5060, transport: 'udp' as const }] };

describe('routing gateway dialog refuses what the agent would refuse', () => {
  it('a per-gateway INVITE timeout outside the catalog range, with what is allowed', async () => {
    const onSave = vi.fn();
    render(<RoutingGatewayDialog initial={{ ...valid, inviteTimeout: 400 }} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} />);
    submit();
    await waitFor(() => expect(screen.getByText('must be a whole number from 1 to 300 s')).toBeTruthy());
    expect(screen.getByRole('tab', { name: /Protocol › SIP/ }).getAttribute('aria-selected')).toBe('true');
    expect(onSave).not.toHaveBeenCalled();
  });

  it('names every invalid prefix, not only the first', async () => {
    const onSave = vi.fn();
    render(<RoutingGatewayDialog initial={valid} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Prefixes'), { target: { value: '0x1, 0086, 9y' } });
    submit();
    await waitFor(() => expect(screen.getByText('item 1: may contain only digits, "*", "#" and a leading "+"; item 3: may contain only digits, "*", "#" and a leading "+"')).toBeTruthy());
    expect(onSave).not.toHaveBeenCalled();
  });

  it('a limit below its minimum in plain words, not the schema library’s', async () => {
    const onSave = vi.fn();
    render(<RoutingGatewayDialog initial={{ ...valid, cpsLimit: 0 }} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} />);
    submit();
    await waitFor(() => expect(screen.getByText('must be a whole number from 1 to 100000')).toBeTruthy());
    expect(document.body.textContent).not.toMatch(/Too small|expected number/);
    expect(onSave).not.toHaveBeenCalled();
  });

  it('registration switched on without user name and password: both named', async () => {
    const onSave = vi.fn();
    render(<RoutingGatewayDialog initial={{ ...valid, registration: { ...valid.registration, enabled: true } }} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} />);
    submit();
    await waitFor(() => expect(screen.getByRole('tab', { name: /Registration/ }).getAttribute('aria-selected')).toBe('true'));
    expect(screen.getAllByText('required when registration is enabled').length).toBeGreaterThanOrEqual(1);
    expect(onSave).not.toHaveBeenCalled();
  });
});

describe('mapping gateway dialog', () => {
  it('refuses "may use" names that are not routing gateways, every one named, before Apply', async () => {
    const onSave = vi.fn();
    const initial = { ...newMappingGateway(), name: 'customer-a', authMode: 'ip' as const, ips: [{ ip: '198.51.100.10' }], allowedRoutingGateways: ['carrier-a', 'gone-1', 'gone-2'] };
    render(<MappingGatewayDialog initial={initial} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} routingNames={['carrier-a']} />);
    submit();
    await waitFor(() => expect(screen.getByText('gone-1, gone-2 are not routing gateways on this server. Remove them, or add those routing gateways first.')).toBeTruthy());
    expect(onSave).not.toHaveBeenCalled();
  });
});

describe('formFieldOf', () => {
  it('turns agent paths into form field names', () => {
    expect(formFieldOf('routingGateways[gw-a].inviteTimeout')).toBe('inviteTimeout');
    expect(formFieldOf('routingGateways[gw-a].addresses[1].port')).toBe('addresses.1.port');
    expect(formFieldOf('mappingGateways[c].allowedRoutingGateways[0]')).toBe('allowedRoutingGateways.0');
  });
});
