import { describe, it, expect } from 'vitest';
import { FakeClock } from '../../../test/doubles/agent/fakeClock';
import { ReorderWindow } from './reorderWindow';

interface Msg {
  id: string;
  atMs: number;
}

function rig(o: { maxHeld?: number } = {}) {
  const clock = new FakeClock(1_000_000);
  const out: string[] = [];
  const w = new ReorderWindow<Msg>({
    clock,
    windowMs: 20,
    maxHeld: o.maxHeld ?? 1000,
    captureUs: (m) => m.atMs * 1000,
    emit: (m) => out.push(m.id),
  });
  return { clock, out, w };
}

describe('ReorderWindow', () => {
  it('releases messages captured a moment apart in capture order, even when they arrive swapped', () => {
    const { clock, out, w } = rig();
    w.push({ id: 'ack', atMs: clock.now() - 0.5 });
    w.push({ id: '200', atMs: clock.now() - 1 });
    expect(out).toEqual([]);
    clock.advance(25);
    expect(out).toEqual(['200', 'ack']);
    expect(w.size).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('holds each message no longer than the window after its capture', () => {
    const { clock, out, w } = rig();
    w.push({ id: 'a', atMs: clock.now() });
    clock.advance(19);
    expect(out).toEqual([]);
    clock.advance(1);
    expect(out).toEqual(['a']);
  });

  it("holds a message stamped in the future (a clock off the agent's) only for the window", () => {
    const { clock, out, w } = rig();
    w.push({ id: 'skewed', atMs: clock.now() + 60_000 });
    clock.advance(5);
    w.push({ id: 'b', atMs: clock.now() });
    clock.advance(15);
    expect(out).toEqual(['skewed']);
    clock.advance(5);
    expect(out).toEqual(['skewed', 'b']);
    expect(clock.pending()).toBe(0);
  });

  it('never holds more than its bound: the earliest goes out at once', () => {
    const { clock, out, w } = rig({ maxHeld: 3 });
    for (let i = 0; i < 5; i++) w.push({ id: `m${i}`, atMs: clock.now() + i * 0.001 });
    expect(out).toEqual(['m0', 'm1']);
    expect(w.size).toBe(3);
    w.flush();
    expect(out).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(clock.pending()).toBe(0);
  });

  it('passes old messages (e.g. without an engine timestamp, stamped on arrival) straight through in order', () => {
    const { clock, out, w } = rig();
    w.push({ id: 'old1', atMs: clock.now() - 100 });
    w.push({ id: 'old2', atMs: clock.now() - 50 });
    expect(out).toEqual(['old1', 'old2']);
  });
});
