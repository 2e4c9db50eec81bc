// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { HostProvider } from '../host/HostContext';
import { FakeHost } from '../test/fakeHost';
import { installDomStubs } from '../test/setupDom';
import { ToastProvider } from '../util/toast';
import { MonitorPage } from './MonitorPage';

// jsdom does no layout: give the chart cells a width so charts are drawn.
const clientW = Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth');
beforeAll(() => {
  installDomStubs();
  Object.defineProperty(Element.prototype, 'clientWidth', { configurable: true, get: () => 800 });
});
afterAll(() => {
  if (clientW) Object.defineProperty(Element.prototype, 'clientWidth', clientW);
});
afterEach(cleanup);

const T0 = Date.UTC(2026, 11, 5, 3, 0, 0);
const SERIES = ['engine.calls.active', 'engine.calls.early', 'sys.cpu.total'];
const sample = (t: number, active: number) => ({ t, step: 1, values: { 'engine.calls.active': active, 'engine.calls.early': 1, 'sys.cpu.total': 12 } });

function setup() {
  const host = new FakeHost({
    'agent.subscribe': () => ({ subscriptionId: 'sub-1' }),
    'agent.unsubscribe': () => ({}),
    agent: {
      'monitor.snapshot': () => ({ sample: sample(T0, 3), series: SERIES }),
      'monitor.history': (p) => {
        const { series, from } = p as { series: string[]; from: number };
        return { series: series.map((id) => ({ id, stepMs: 60_000, points: [[from, 0, 40, 80], [from + 60_000, 0, 41, 80]] })) };
      },
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
});
