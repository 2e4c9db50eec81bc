// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { RoutingGatewaySchema } from '@shared/model/routingGateway';
import { installDomStubs } from '../../../../test/doubles/renderer/setupDom';
import { CsvButtons } from './CsvButtons';
import { CsvImportDialog } from './CsvImportDialog';
import { importCsv } from './importCsv';
import { ROUTING_CSV } from './routingCsv';

beforeAll(installDomStubs);
afterEach(cleanup);

const existing = [RoutingGatewaySchema.parse({ name: 'carrier-a', addresses: [{ host: '203.0.113.9' }] })];
const FILE = 'name;addresses;cps;colour\r\ncarrier-a;203.0.113.9;50;\r\nnew-gw;198.51.100.4:5070/tcp;;\r\nbroken;203.0.113.1;zero;\r\n';

describe('CsvImportDialog', () => {
  it('lists every row with its result and problems, and stages only the valid ones', () => {
    const result = importCsv(ROUTING_CSV, FILE, existing);
    const onStage = vi.fn();
    const onCancel = vi.fn();
    render(<CsvImportDialog fileName="gw.csv" result={result} onStage={onStage} onCancel={onCancel} />);
    const dialog = screen.getByRole('dialog', { name: 'Import gw.csv' });
    expect(dialog.textContent).toContain('New: 1 · Changed: 1 · Unchanged: 0 · With errors: 1');
    expect(within(dialog).getByText('colour').parentElement?.textContent).toBe('colour: unknown column; its cells are ignored');
    const rows = within(screen.getByRole('table', { name: 'Rows of the file' })).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows).toEqual(['2carrier-aChanged', '3new-gwNew', '4brokenErrorcps: must be a whole number']);

    fireEvent.click(screen.getByRole('button', { name: 'Stage 2 changes' }));
    expect(onStage).toHaveBeenCalledWith(result.ops);
    expect(onStage.mock.calls[0]?.[0].map((o: { gateway: { name: string } }) => o.gateway.name)).toEqual(['carrier-a', 'new-gw']);
    expect(onCancel).not.toHaveBeenCalled();
  });

  it('offers nothing to stage when no row is valid or changed', () => {
    const result = importCsv(ROUTING_CSV, 'name,addresses\ncarrier-a,203.0.113.9\n', existing);
    render(<CsvImportDialog fileName="same.csv" result={result} onStage={vi.fn()} onCancel={vi.fn()} />);
    expect((screen.getByRole('button', { name: 'Stage 0 changes' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('CsvButtons', () => {
  it('reads the chosen file, stages nothing when cancelled, and stages the valid rows on request', async () => {
    const onStage = vi.fn();
    render(<CsvButtons format={ROUTING_CSV} rows={existing} fileStem="sandbox-routingGateways" onStage={onStage} />);
    const choose = () => fireEvent.change(screen.getByLabelText('CSV file to import'), { target: { files: [new File([FILE], 'gw.csv', { type: 'text/csv' })] } });

    choose();
    await screen.findByRole('dialog', { name: 'Import gw.csv' });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onStage).not.toHaveBeenCalled();

    choose();
    fireEvent.click(await screen.findByRole('button', { name: 'Stage 2 changes' }));
    expect(onStage).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('downloads the export through an object URL on an <a download>', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => { created.push(b); return 'blob:test/1'; });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toMatch(/^sandbox-routingGateways-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(this.getAttribute('href')).toBe('blob:test/1');
    });
    render(<CsvButtons format={ROUTING_CSV} rows={existing} fileStem="sandbox-routingGateways" onStage={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(click).toHaveBeenCalledTimes(1);
    expect(await created[0]?.text()).toContain('carrier-a,yes,,allow,0,203.0.113.9:5060/udp');
    click.mockRestore();
  });
});
