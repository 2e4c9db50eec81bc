import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/doubles/agent/fakeClock';
import { ReloadCoalescer } from './reloadCoalescer';

function setup(fail = false) {
  const clock = new FakeClock(1_000_000);
  const started: number[] = [];
  let finish: (() => void)[] = [];
  const c = new ReloadCoalescer(
    () => {
      started.push(clock.now());
      return new Promise<void>((res, rej) => finish.push(() => (fail ? rej(new Error('Reload Failed')) : res())));
    },
    5000,
    clock,
  );
  const done = () => {
    const f = finish;
    finish = [];
    f.forEach((x) => x());
  };
  return { clock, started, c, done };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('ReloadCoalescer', () => {
  it('reloads at once when idle, then waits out the delta and merges requests into one reload', async () => {
    const { clock, started, c, done } = setup();
    const settled: string[] = [];
    const a = c.request().then(() => settled.push('a'));
    expect(started).toEqual([1_000_000]);
    const b = c.request().then(() => settled.push('b'));
    const d = c.request().then(() => settled.push('d'));
    done();
    await a;
    expect(settled).toEqual(['a']);
    clock.advance(4999);
    await flush();
    expect(started).toHaveLength(1);
    clock.advance(1);
    expect(started).toEqual([1_000_000, 1_005_000]);
    done();
    await Promise.all([b, d]);
    expect(settled).toEqual(['a', 'b', 'd']);
    expect(c.reloads).toBe(2);
  });

  it('counts the delta from the end of a slow reload, not from its start', async () => {
    const { clock, started, c, done } = setup();
    const a = c.request();
    clock.advance(3000);
    const b = c.request();
    done();
    await a;
    await flush();
    clock.advance(4999);
    await flush();
    expect(started).toHaveLength(1);
    clock.advance(1);
    await flush();
    expect(started).toEqual([1_000_000, 1_008_000]);
    done();
    await b;
  });

  it('counts the delta from the engine’s own start-up load', () => {
    const { clock, started, c } = setup();
    c.markLoaded();
    void c.request();
    clock.advance(4000);
    expect(started).toHaveLength(0);
    clock.advance(1000);
    expect(started).toHaveLength(1);
  });

  it('rejects every request merged into a failed reload, and later requests still reload', async () => {
    const { clock, c, done, started } = setup(true);
    const a = c.request();
    done();
    await expect(a).rejects.toThrow('Reload Failed');
    const b = c.request();
    const d = c.request();
    clock.advance(5000);
    done();
    await expect(b).rejects.toThrow('Reload Failed');
    await expect(d).rejects.toThrow('Reload Failed');
    expect(started).toHaveLength(2);
  });
});
