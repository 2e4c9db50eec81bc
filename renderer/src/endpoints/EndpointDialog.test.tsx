// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { EndpointDialog } from './EndpointDialog';

beforeAll(installDomStubs);
afterEach(cleanup);

const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Stage change' }));
const initial = { name: '1001', password: { set: true } };

describe('EndpointDialog limits', () => {
  it('saves allowed caller numbers and limits, enforced (no stored-only badge); emptied ones are stored as absent', async () => {
    const onSave = vi.fn();
    render(<EndpointDialog initial={initial} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} routingNames={[]} />);
    fireEvent.click(screen.getByRole('tab', { name: /Limits/ }));
    expect(screen.queryByText('Stored only')).toBeNull();
    fireEvent.change(screen.getByLabelText('Allowed caller numbers'), { target: { value: '555, +4420' } });
    fireEvent.change(screen.getByLabelText('Maximum concurrent calls'), { target: { value: '2' } });
    submit();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0]).toMatchObject({ name: '1001', allowedCallerNumbers: ['555', '+4420'], maxConcurrentCalls: 2 });
    expect(onSave.mock.calls[0]?.[0].cpsLimit).toBeUndefined();

    fireEvent.change(screen.getByLabelText('Allowed caller numbers'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Maximum concurrent calls'), { target: { value: '' } });
    submit();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(2));
    expect(onSave.mock.calls[1]?.[0].allowedCallerNumbers).toBeUndefined();
    expect(onSave.mock.calls[1]?.[0].maxConcurrentCalls).toBeUndefined();
  });

  it('marks Notes as kept for operators: the switch does not use them', () => {
    render(<EndpointDialog initial={initial} takenNames={new Set()} onSave={vi.fn()} onCancel={vi.fn()} routingNames={[]} />);
    const notes = screen.getByText('Notes').closest('.bp6-form-group');
    expect(notes?.querySelector('.engine-not-engine')?.textContent).toBe('For operators');
    expect(notes?.textContent).not.toContain('Stored only');
    expect(notes?.textContent).not.toContain('Enforced');
  });

  it('names a caller number that is no number prefix and saves nothing', async () => {
    const onSave = vi.fn();
    render(<EndpointDialog initial={initial} takenNames={new Set()} onSave={onSave} onCancel={vi.fn()} routingNames={[]} />);
    fireEvent.click(screen.getByRole('tab', { name: /Limits/ }));
    fireEvent.change(screen.getByLabelText('Allowed caller numbers'), { target: { value: '55a' } });
    submit();
    await waitFor(() => expect(screen.getByText(/may contain only digits/)).toBeTruthy());
    expect(onSave).not.toHaveBeenCalled();
  });
});
