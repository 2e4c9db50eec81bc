import { describe, expect, it } from 'vitest';
import { AckWindow } from './ackWindow';

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

describe('AckWindow', () => {
  it('has room until the limit is sent, then waits for acks', async () => {
    const w = new AckWindow(10);
    expect(await settled(w.room())).toBe(true);
    w.sent(6);
    expect(w.full).toBe(false);
    w.sent(6);
    expect(w.full).toBe(true);
    const waiting = w.room();
    expect(await settled(waiting)).toBe(false);
    w.acked(1);
    expect(await settled(waiting)).toBe(false); // 11 still outstanding
    w.acked(2);
    expect(await settled(waiting)).toBe(true);
    expect(w.outstanding).toBe(9);
  });

  it('resumes at the low-water mark, not at the first free unit', () => {
    const w = new AckWindow(100);
    w.sent(100);
    w.acked(10);
    expect(w.belowLowWater).toBe(false);
    w.acked(40);
    expect(w.belowLowWater).toBe(true);
  });

  it('never goes negative on acks beyond what was sent (two pages acking the same batch)', () => {
    const w = new AckWindow(4);
    w.sent(3);
    w.acked(3);
    w.acked(3);
    expect(w.outstanding).toBe(0);
    w.sent(4);
    expect(w.full).toBe(true);
  });

  it('closing releases every waiter and never fills again', async () => {
    const w = new AckWindow(1);
    w.sent(5);
    const a = w.room();
    const b = w.room();
    w.close();
    expect(await settled(a)).toBe(true);
    expect(await settled(b)).toBe(true);
    w.sent(100);
    expect(w.full).toBe(false);
  });

  it('refuses a limit below 1', () => {
    expect(() => new AckWindow(0)).toThrow(/at least 1/);
  });
});
