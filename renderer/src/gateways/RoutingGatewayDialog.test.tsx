// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { RoutingGatewaySchema } from '@shared/model/routingGateway';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { newRoutingGateway, RoutingGatewayDialog } from './RoutingGatewayDialog';

beforeAll(installDomStubs);
afterEach(cleanup);

const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Stage change' }));

describe('RoutingGatewayDialog', () => {
  it('marks no setting as stored only now that the engine applies every routing gateway setting', async () => {
    render(<RoutingGatewayDialog initial={newRoutingGateway()} takenNames={new Set()} onSave={vi.fn()} onCancel={vi.fn()} />);
    const group = (label: string) => screen.getByLabelText(label).closest('.bp6-form-group');
    // Routing by prefix and priority is enforced: no badge.
    expect(group('Name')?.textContent).not.toContain('Stored only');
    expect(group('Prefixes')?.textContent).not.toContain('Stored only');
    expect(group('Calls per second')?.textContent).not.toContain('Stored only');
    expect(group('Privacy header')?.textContent).not.toContain('Stored only');
    expect(screen.getByText('Allow PUBLISH').closest('label')?.textContent).not.toContain('Stored only');
    expect(screen.getByText('Register to this gateway').closest('label')?.textContent).not.toContain('Stored only');
    expect(screen.queryByText('Stored only')).toBeNull();
  });

  it('marks Notes as kept for operators, not as a setting the switch applies or only stores', () => {
    render(<RoutingGatewayDialog initial={newRoutingGateway()} takenNames={new Set()} onSave={vi.fn()} onCancel={vi.fn()} />);
    const notes = screen.getByText('Notes').closest('.bp6-form-group');
    const tag = notes?.querySelector('.engine-not-engine');
    expect(tag?.textContent).toBe('For operators');
    expect(tag?.getAttribute('aria-label')).toBe('For operators: For you and other operators to read. The switch does not use it.');
    expect(notes?.textContent).not.toContain('Stored only');
    expect(notes?.textContent).not.toContain('Enforced');
    expect(document.querySelectorAll('.engine-not-engine')).toHaveLength(1);
  });

  it('names every invalid field from the model schema and saves nothing', async () => {
    const onSave = vi.fn();
    render(<RoutingGatewayDialog initial={newRoutingGateway()} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} />);
    submit();
    await waitFor(() => expect(screen.getByText(/must be 1–64 characters/)).toBeTruthy());
    expect(screen.getByLabelText('Address 1 host').closest('.bp6-intent-danger')).toBeTruthy();
    expect(screen.getByLabelText('2 fields need attention')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('moves to the tab that holds the error and shows its count there', async () => {
    const onSave = vi.fn();
    const initial = { ...newRoutingGateway(), name: 'carrier-a', addresses: [{ host: '203.0.113.9', port: 5060, transport: 'udp' as const }], cpsLimit: 0 };
    render(<RoutingGatewayDialog initial={initial} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} />);
    submit();
    await waitFor(() => expect(screen.getByRole('tab', { name: /Limits/ }).getAttribute('aria-selected')).toBe('true'));
    expect(screen.getByLabelText('1 field needs attention')).toBeTruthy();
    expect(screen.getByLabelText('Calls per second').closest('.bp6-intent-danger')).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Calls per second'), { target: { value: '' } });
    submit();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    const saved = onSave.mock.calls[0]?.[0];
    expect(RoutingGatewaySchema.parse(saved)).toEqual(saved);
    expect(saved).toMatchObject({ name: 'carrier-a', cpsLimit: null, addresses: [{ host: '203.0.113.9', port: 5060, transport: 'udp' }] });
  });

  it('refuses a name another gateway already uses and parses the prefix list', async () => {
    const onSave = vi.fn();
    const initial = { ...newRoutingGateway(), addresses: [{ host: 'sbc.example.net', port: 5060, transport: 'tcp' as const }] };
    render(<RoutingGatewayDialog initial={initial} takenNames={new Set(['taken'])} onSave={onSave} onCancel={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'taken' } });
    fireEvent.change(screen.getByLabelText('Prefixes'), { target: { value: '0086, 001' } });
    submit();
    await waitFor(() => expect(screen.getByText('A gateway named taken already exists')).toBeTruthy());
    expect(onSave).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Prefixes'), { target: { value: '0086, 0x1' } });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'fresh' } });
    submit();
    await waitFor(() => expect(screen.getByText(/item 2: may contain only digits/)).toBeTruthy());

    fireEvent.change(screen.getByLabelText('Prefixes'), { target: { value: '0086, 001' } });
    submit();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0]).toMatchObject({ name: 'fresh', prefixes: ['0086', '001'] });
  });

  it('offers SRTP (SDES or DTLS) media encryption on the SIP tab; none is stored as absent', async () => {
    const onSave = vi.fn();
    const initial = { ...newRoutingGateway(), name: 'carrier-s', addresses: [{ host: '203.0.113.9', port: 5061, transport: 'tls' as const }] };
    render(<RoutingGatewayDialog initial={initial} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} />);
    fireEvent.click(screen.getByRole('tab', { name: /SIP/ }));
    const select = screen.getByLabelText('Media encryption') as HTMLSelectElement;
    expect(select.value).toBe('none');
    expect(select.closest('.bp6-form-group')?.textContent).not.toContain('Stored only');
    fireEvent.change(select, { target: { value: 'sdes' } });
    submit();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0]).toMatchObject({ mediaEncryption: 'sdes' });
    fireEvent.change(screen.getByLabelText('Media encryption'), { target: { value: 'none' } });
    submit();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(2));
    expect(onSave.mock.calls[1]?.[0].mediaEncryption).toBeUndefined();
    fireEvent.change(screen.getByLabelText('Media encryption'), { target: { value: 'dtls' } });
    submit();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(3));
    expect(onSave.mock.calls[2]?.[0]).toMatchObject({ mediaEncryption: 'dtls' });
  });
});
