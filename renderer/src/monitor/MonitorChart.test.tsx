// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { installDomStubs } from '../../../test/doubles/renderer/setupDom';
import { ToastProvider } from '../util/toast';
import '../i18n';
import { PAGE_CHARTS } from './charts';
import { themeFor } from './chartTheme';
import type { Row } from './downsample';
import { MonitorChart } from './MonitorChart';

beforeAll(installDomStubs);
afterEach(cleanup);

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 5, 3, 0, 0);
const spec = PAGE_CHARTS.engine[0]!;
const ids = ['engine.calls.active'];
// An hour at 1 s ending at `to`; the newest sample stands out.
const hour = (to: number, last: number): Row[] => Array.from({ length: 3600 }, (_, i) => ({ t: to - (3599 - i) * 1000, 'engine.calls.active': i === 3599 ? last : 10 }));
const chart = (to: number, last: number) => (
  <ToastProvider>
    <MonitorChart spec={spec} title="Active calls" serverName="edge-1" ids={ids} rows={hour(to, last)} from={to - HOUR} to={to} theme={themeFor(false)} loading={false} error={null} onZoom={() => undefined} width={700} />
  </ToastProvider>
);
const curve = () => screen.getByRole('figure', { name: 'Active calls' }).querySelector('.recharts-area:not(.monitor-band) path.recharts-area-curve')?.getAttribute('d');
const latest = () => within(screen.getByRole('figure', { name: 'Active calls' })).getByLabelText('Latest value').textContent;

describe('MonitorChart live', () => {
  it('keeps its plot for a sample within the same pixel of time, follows it in the header, and draws it once samples stop', async () => {
    const view = render(chart(T0, 10));
    const first = curve();
    expect(first).toBeTruthy();
    // 1 h over ~600 px: a pixel is about 6 s, so one more second does not redraw the plot.
    view.rerender(chart(T0 + 1000, 50));
    expect(latest()).toBe('50');
    expect(curve()).toBe(first);
    // No further sample (paused): the held sample is drawn.
    await waitFor(() => expect(curve()).not.toBe(first), { timeout: 5000 });
  });
});
