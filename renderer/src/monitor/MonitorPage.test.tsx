// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { HostProvider } from '../host/HostContext';
import { RpcError } from '@shared/rpc/errors';
import { en } from '../i18n/en';
import { FakeHost } from '../../../test/doubles/renderer/fakeHost';
import { ToastProvider } from '../util/toast';
import { MonitorPage } from './MonitorPage';
import { setupPageTests } from '../../../test/doubles/renderer/pageTests';

// jsdom does no layout: give the chart cells a width so charts are drawn.
setupPageTests({ width: 800 });

const T0 = Date.UTC(2026, 11, 5, 3, 0, 0);
const SERIES = ['engine.calls.active', 'engine.calls.early', 'sys.cpu.total'];
const sample = (t: number, active: number) => ({ t, step: 1, values: { 'engine.calls.active': active, 'engine.calls.early': 1, 'sys.cpu.total': 12 } });

type HistoryAnswer = (p: { series: string[]; from: number; to: number }) => unknown;
const minuteBuckets: HistoryAnswer = ({ series, from }) => ({ series: series.map((id) => ({ id, stepMs: 60_000, points: [[from, 0, 40, 80, 60_000], [from + 60_000, 0, 41, 80, 60_000]] })) });

function setup(history: HistoryAnswer = minuteBuckets) {
  const host = new FakeHost({
    'agent.subscribe': () => ({ subscriptionId: 'sub-1' }),
    'agent.unsubscribe': () => ({}),
    agent: {
      'monitor.snapshot': () => ({ sample: sample(T0, 3), series: SERIES }),
      'monitor.history': (p) => history(p as { series: string[]; from: number; to: number }),
    },
  });
  const view = render(
    <HostProvider client={host}>
      <ToastProvider>
        <MonitorPage serverId="srv-1" serverName="edge-1" active />
      </ToastProvider>
    </HostProvider>,
  );
  const push = (items: unknown[]) => act(() => host.emit('agent.items', { subscriptionId: 'sub-1', items, dropped: 0 }));
  return { host, view, push };
}

/** How many points the Active calls area draws. */
const areaPoints = () => (activeCalls().querySelector('.recharts-area:not(.monitor-band) path.recharts-area-curve')?.getAttribute('d')?.match(/L/g) ?? []).length + 1;
const activeCalls = () => screen.getByRole('figure', { name: 'Active calls' });
const latest = () => within(activeCalls()).getByLabelText('Latest value').textContent;

describe('MonitorPage', () => {
  it('subscribes to the monitor topic, draws live items, and keeps the shown values while paused', async () => {
    const { host, view, push } = setup();
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    expect(host.calls.find((c) => c.method === 'agent.subscribe')?.params).toEqual({ serverId: 'srv-1', topic: 'monitor', params: {} });
    push([sample(T0 + 1000, 5), sample(T0 + 2000, 7)]);
    await waitFor(() => expect(latest()).toBe('7'));
    expect(activeCalls().querySelector('path.recharts-area-curve')).not.toBeNull();
    // The chart's own SVG (what PNG export draws), not a legend icon's.
    expect(activeCalls().querySelector('.recharts-wrapper > svg.recharts-surface')?.getAttribute('width')).toBe('780');

    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    push([sample(T0 + 3000, 9)]);
    expect(latest()).toBe('7');
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(latest()).toBe('9'));

    view.unmount();
    expect(host.calls.at(-1)).toEqual({ method: 'agent.unsubscribe', params: { subscriptionId: 'sub-1' } });
  });

  it('asks the agent for history of a chosen range, no more points than the chart is wide', async () => {
    const { host } = setup();
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: '1 hour' }));
    await waitFor(() => expect(latest()).toBe('41'));
    const asked = host.agentCalls('monitor.history') as { series: string[]; from: number; to: number; maxPoints: number }[];
    const forCalls = asked.find((p) => p.series.includes('engine.calls.active') && p.to - p.from === 3_600_000);
    expect(forCalls?.series).toEqual(['engine.calls.active', 'engine.calls.early']);
    expect(forCalls?.maxPoints).toBeLessThanOrEqual(800);
    expect(forCalls?.maxPoints).toBeGreaterThan(500);
  });

  it('opens live with the seconds the agent already holds, but not with minute buckets of a young agent', async () => {
    const fine: HistoryAnswer = ({ series }) => ({ series: series.map((id) => ({ id, stepMs: 1000, points: [[T0 - 2000, 1, 1, 1, 1000], [T0 - 1000, 2, 2, 2, 1000]] })) });
    const seeded = setup(fine);
    await waitFor(() => expect(seeded.host.agentCalls('monitor.history').length).toBeGreaterThan(0));
    seeded.push([sample(T0 + 1000, 5)]);
    await waitFor(() => expect(areaPoints()).toBe(4));
    cleanup();

    const young = setup();
    await waitFor(() => expect(young.host.agentCalls('monitor.history').length).toBeGreaterThan(0));
    young.push([sample(T0 + 1000, 5)]);
    await waitFor(() => expect(latest()).toBe('5'));
    expect(areaPoints()).toBe(2);
  });

  it('refuses a custom range that ends before it starts, and asks history for the range once it is right', async () => {
    const { host } = setup();
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Custom' }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-12-05T10:00' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-12-05T09:00' } });
    expect(screen.getByRole('alert').textContent).toBe('The end must be later than the start.');
    expect((screen.getByRole('button', { name: 'Show' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-12-05T12:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    const from = new Date('2026-12-05T10:00').getTime();
    const to = new Date('2026-12-05T12:30').getTime();
    await waitFor(() => expect((host.agentCalls('monitor.history') as { from: number; to: number }[]).some((p) => p.from === from && p.to === to)).toBe(true));
  });

  it('says a failed history read in plain words on the chart, the agent\'s own text folded in the details', async () => {
    const english = 'SQLITE_IOERR reading /var/lib/switch-agent/monitor.db';
    const { host } = setup(() => { throw new RpcError('STORAGE_FAILED', english); });
    await waitFor(() => expect(host.calls.some((c) => c.method === 'agent.subscribe')).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: '1 hour' }));
    const plain = en.monitor.loadFailed.replace('{{error}}', en.problem.fail.STORAGE_FAILED);
    await waitFor(() => expect(within(activeCalls()).getByText(plain)).toBeTruthy());
    expect(within(activeCalls()).getByText(`${english} (STORAGE_FAILED)`).closest('details')).toBeTruthy();
  });
});
