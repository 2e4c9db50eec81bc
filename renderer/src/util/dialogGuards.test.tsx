// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import '../i18n';
import { RoutingGatewaySchema } from '@shared/model/routingGateway';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { HostProvider } from '../host/HostContext';
import { ServerFormDialog } from '../servers/ServerFormDialog';
import { RuleDialog } from '../alerts/RuleDialog';
import { CsvImportDialog } from '../gateways/csv/CsvImportDialog';
import { CredentialsDialog } from '../servers/CredentialsDialog';
import { importCsv } from '../gateways/csv/importCsv';
import { ROUTING_CSV } from '../gateways/csv/routingCsv';

beforeAll(installDomStubs);
afterEach(cleanup);

const esc = () => fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
const asking = () => screen.queryByText('Discard this form?');

describe('server form dialog', () => {
  const mount = (onClose = vi.fn()) => {
    render(
      <HostProvider client={new FakeHost()}>
        <ServerFormDialog groups={[]} onClose={onClose} />
      </HostProvider>,
    );
    return onClose;
  };

  it('opens with the cursor in Name; Esc on an untouched form closes it at once', async () => {
    const onClose = mount();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Name' })));
    esc();
    expect(asking()).toBeNull();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('asks before Esc throws typed values away, and keeps them on "Keep editing"', async () => {
    const onClose = mount();
    const name = screen.getByRole('textbox', { name: 'Name' });
    await waitFor(() => expect(document.activeElement).toBe(name));
    fireEvent.input(name, { target: { value: 'sw-9' } });
    esc();
    await waitFor(() => expect(asking()).not.toBeNull());
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect((screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('sw-9');
    esc();
    fireEvent.click(await screen.findByRole('button', { name: 'Discard changes' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe('alert rule dialog', () => {
  it('opens in the first field and asks before Esc discards a typed rule', async () => {
    const onCancel = vi.fn();
    render(<RuleDialog rule={null} takenNames={new Set()} onCancel={onCancel} onStage={vi.fn()} />);
    const name = screen.getByRole('textbox', { name: 'Name' });
    await waitFor(() => expect(document.activeElement).toBe(name));
    fireEvent.change(name, { target: { value: 'my-rule' } });
    esc();
    await waitFor(() => expect(asking()).not.toBeNull());
    expect(onCancel).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('closes an untouched rule on Esc without asking', async () => {
    const onCancel = vi.fn();
    render(<RuleDialog rule={null} takenNames={new Set()} onCancel={onCancel} onStage={vi.fn()} />);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Name' })));
    esc();
    expect(asking()).toBeNull();
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});

describe('CSV import dialog', () => {
  const existing = [RoutingGatewaySchema.parse({ name: 'carrier-a', addresses: [{ host: '203.0.113.9' }] })];

  it('starts on the stage button and asks before Esc drops the rows read from the file', async () => {
    const result = importCsv(ROUTING_CSV, 'name,addresses\nnew-gw,198.51.100.4\n', existing);
    const onCancel = vi.fn();
    render(<CsvImportDialog fileName="gw.csv" result={result} onStage={vi.fn()} onCancel={onCancel} />);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Stage 1 change' })));
    esc();
    await waitFor(() => expect(asking()).not.toBeNull());
    expect(onCancel).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('with nothing to stage, starts on Cancel and Esc closes at once', async () => {
    const result = importCsv(ROUTING_CSV, 'name,addresses\ncarrier-a,203.0.113.9\n', existing);
    const onCancel = vi.fn();
    render(<CsvImportDialog fileName="same.csv" result={result} onStage={vi.fn()} onCancel={onCancel} />);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' })));
    esc();
    expect(asking()).toBeNull();
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});

describe('password prompt', () => {
  const prompt = { promptId: 'p1', kind: 'password' as const, name: '', instructions: '', prompts: [], retry: false, canRemember: false };
  it('asks before Esc throws a typed password away; an empty prompt closes at once', async () => {
    const onCancel = vi.fn();
    const { unmount } = render(<CredentialsDialog prompt={prompt} serverName="sw-1" username="ops" busy={false} onAnswer={vi.fn()} onCancel={onCancel} />);
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    esc();
    await waitFor(() => expect(asking()).not.toBeNull());
    expect(onCancel).not.toHaveBeenCalled();
    unmount();
    render(<CredentialsDialog prompt={prompt} serverName="sw-1" username="ops" busy={false} onAnswer={vi.fn()} onCancel={onCancel} />);
    esc();
    await waitFor(() => expect(onCancel).toHaveBeenCalledTimes(1));
  });
});
