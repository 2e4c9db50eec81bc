// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CATALOG } from '@shared/catalog';
import i18next from '../i18n';
import { zhParamText } from '../i18n/zhParamText';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { renderParamsPage } from '../../../test/doubles/renderer/renderParamsPage';
import { setupPageTests } from '../../../test/doubles/renderer/pageTests';

setupPageTests({ height: 560, width: 1000 }, { clearStorage: true });

const INVITE = 'SS_SIP_TIMEOUT_INVITE';
const STORED = CATALOG.filter((d) => d.engine.status === 'stored');

function setup(params: Record<string, unknown> = { [INVITE]: 20 }) {
  const host = new FakeHost({ agent: { 'config.get': () => ({ snapshot: { revision: 3, hash: 'd'.repeat(64), params, routingGateways: [], mappingGateways: [], endpoints: [] }, status: 'confirmed' }) } });
  renderParamsPage(host);
  return host;
}

const table = () => screen.findByRole('table', { name: 'System parameters' });
const grid = () => screen.getByTestId('virtual-scroll');
const detail = () => screen.getByRole('complementary', { name: 'Details of the selected parameter' });
const row = (name: string) => document.querySelector(`tr[data-row="${name}"]`) as HTMLElement;

describe('System parameters, compact', () => {
  it('shows one line per parameter with value, default, range, unit and engine status, and no description in the table', async () => {
    setup();
    const t = await table();
    expect(within(t).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Value', 'Default', 'Range', 'Unit', 'Engine']);
    const cells = Array.from(row(INVITE).querySelectorAll('td')).map((c) => c.textContent);
    expect(cells).toEqual([INVITE, '20', '10', '1–300', 's', 'Enforced']);
    expect(t.textContent).not.toContain(CATALOG.find((d) => d.name === INVITE)?.description ?? '-');
  });

  it('greys what the switch does not apply, says so once, and filters to what it applies', async () => {
    setup();
    await table();
    expect(screen.getByRole('note').textContent).toContain(`The switch applies ${CATALOG.length - STORED.length} of ${CATALOG.length} parameters`);
    const stored = STORED[0];
    if (!stored) throw new Error('catalog has no stored-only parameter');
    // Searched for, so its row is inside the rendered window wherever it sorts.
    fireEvent.change(screen.getByLabelText('Search name, description or category'), { target: { value: stored.name } });
    await waitFor(() => expect(row(stored.name)).toBeTruthy());
    expect(row(stored.name).className).toContain('not-applied');
    expect(row(stored.name).querySelector('td:last-child span')?.getAttribute('title')).toBe('Saved with the configuration, but the switch does not use it yet.');
    fireEvent.click(screen.getByLabelText('Only what the switch applies'));
    await waitFor(() => expect(document.querySelector(`tr[data-row="${stored.name}"]`)).toBeNull());
    fireEvent.change(screen.getByLabelText('Search name, description or category'), { target: { value: '' } });
    await waitFor(() => expect(screen.getByText(`${CATALOG.length - STORED.length} of ${CATALOG.length} parameters · revision 3`)).toBeTruthy());
  });

  it('keeps test file paths and planned notes out of the table and into the Details of the pane', async () => {
    setup();
    await table();
    expect(document.querySelector('table')?.innerHTML).not.toMatch(/test\/|\.test\.ts|Planned/);
    fireEvent.click(row(INVITE));
    const pane = detail();
    const more = pane.querySelector('details') as HTMLElement;
    expect(more.textContent).toMatch(/Proven by: test\/integration\//);
    expect(pane.textContent?.replace(more.textContent ?? '', '')).not.toMatch(/test\//);
  });

  it('follows the keyboard: arrows move the detail pane, Enter goes to the editor, Esc comes back', async () => {
    setup();
    await table();
    const order = Array.from(document.querySelectorAll('tr[data-row]')).map((r) => r.getAttribute('data-row'));
    grid().focus();
    fireEvent.keyDown(grid(), { key: 'ArrowDown' });
    fireEvent.keyDown(grid(), { key: 'ArrowDown' });
    await waitFor(() => expect(detail().querySelector('h3')?.textContent?.replace(/\u200b/g, '')).toBe(order[1]));
    fireEvent.keyDown(grid(), { key: 'Enter' });
    await waitFor(() => expect(detail().contains(document.activeElement)).toBe(true));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'Escape' });
    expect(document.activeElement).toBe(grid());
  });

  it('stages an edit from the pane and resets the selection to defaults from the row menu', async () => {
    const host = setup();
    await table();
    fireEvent.click(row(INVITE));
    const input = within(detail()).getByLabelText(INVITE);
    fireEvent.change(input, { target: { value: '30' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await screen.findByText('1 staged change');
    fireEvent.contextMenu(row(INVITE));
    fireEvent.click(await screen.findByText('Reset to default'));
    await waitFor(() => expect(row(INVITE).querySelectorAll('td')[1]?.textContent).toBe('10'));
    expect(host.agentCalls('config.apply')).toEqual([]);
  });

  it('shows a related parameter when its chip is clicked, even if the filter hid it', async () => {
    setup();
    await table();
    fireEvent.change(screen.getByLabelText('Search name, description or category'), { target: { value: INVITE } });
    const related = CATALOG.find((d) => d.name === INVITE)?.related[0] as string;
    await waitFor(() => expect(within(detail()).getByRole('button', { name: related })).toBeTruthy());
    fireEvent.click(within(detail()).getByRole('button', { name: related }));
    await waitFor(() => expect(detail().querySelector('h3')?.textContent?.replace(/\u200b/g, '')).toBe(related));
    expect(row(related).getAttribute('aria-selected')).toBe('true');
  });

  it('in Chinese, describes the parameter and its options in Chinese, finds it by Chinese words, and marks only the details English', async () => {
    await act(() => i18next.changeLanguage('zh-CN'));
    try {
      setup();
      await screen.findByRole('table');
      const mode = 'SS_SIP_AUTHENTICATION_CODE';
      const zh = zhParamText[mode];
      if (!zh) throw new Error(`no Chinese text for ${mode}`);
      // A phrase found only in the Chinese description narrows the table to that parameter.
      fireEvent.change(screen.getByRole('searchbox'), { target: { value: '索要密码' } });
      await waitFor(() => expect(Array.from(document.querySelectorAll('tr[data-row]')).map((r) => r.getAttribute('data-row'))).toEqual([mode]));
      fireEvent.click(row(mode));
      const desc = await waitFor(() => document.querySelector('.param-detail-desc') as HTMLElement);
      expect(desc.textContent).toBe(zh.description);
      expect(desc.hasAttribute('lang') || desc.closest('.param-detail')?.hasAttribute('lang')).toBe(false);
      const option = document.querySelector('.param-detail option[value="407"]');
      expect(option?.getAttribute('title')).toBe(zh.option?.['407']);
      expect(document.querySelector('.param-detail-more')?.getAttribute('lang')).toBe('en');
    } finally {
      await act(() => i18next.changeLanguage('en'));
    }
  });
});
