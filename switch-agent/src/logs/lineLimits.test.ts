import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/doubles/agent/fakeClock';
import type { LogEntry } from './logFilter';
import { LogRing } from './logRing';
import { rateCap, repeatFolder, repeatKind } from './lineLimits';

// Measured Kamailio 5.6 output: one packet with a 4 kB Call-ID under the old log prefix.
const overflow = (pid: number, token: number): LogEntry[] => [
  { t: 0, level: 'error', source: 'kamailio', text: ` 2(${pid}) ERROR: <core> [core/pvapi.c:1491]: pv_printf_mode(): no more space for spec value - printed:13 token:${token} buffer:1024` },
  { t: 0, level: 'error', source: 'kamailio', text: ` 2(${pid}) ERROR: <core> [core/pvapi.c:1503]: pv_printf_mode(): buffer overflow -- increase the buffer size...` },
];

function setup(policy = { windowMs: 10_000, burst: 3, maxKinds: 8 }) {
  const clock = new FakeClock(1000);
  const ring = new LogRing({ agent: 100, engine: 100 });
  return { clock, ring, folder: repeatFolder(ring, clock, policy) };
}

describe('repeatKind', () => {
  it('ignores numbers, addresses and ids but not the words', () => {
    const k = (text: string, source = 'kamailio') => repeatKind({ t: 0, level: 'error', source, text });
    expect(k(' 3(23879) ERROR: <core> [core/receive.c:376]: receive_msg(): core parsing of SIP message failed (127.0.0.9:50449/1)')).toBe(
      k(' 1(4242) ERROR: <core> [core/receive.c:376]: receive_msg(): core parsing of SIP message failed (10.1.2.3:5060/1)'),
    );
    expect(k(`call ${'f'.repeat(40)} refused`)).toBe(k(`call ${'a'.repeat(30)} refused`));
    expect(k('gateway gw-a is down')).not.toBe(k('gateway gw-a is up'));
    expect(k('x 1', 'kamailio')).not.toBe(k('x 1', 'rtpengine'));
  });
});

describe('repeatFolder', () => {
  it('a flood of one kind of line keeps `burst` of them and one summary per window, and other lines get through', () => {
    const { clock, ring, folder } = setup();
    for (let i = 0; i < 500; i++) {
      for (const e of overflow(20000 + (i % 7), 4000 + i)) folder.append(e);
      if (i === 250) folder.append({ t: 0, level: 'warn', source: 'agent', text: 'engine reload took 3 s' });
    }
    expect(ring.size).toBe(3 + 3 + 1);
    clock.advance(10_000);
    const texts = ring.entries().map((e) => e.text);
    expect(texts).toHaveLength(3 + 3 + 1 + 2);
    expect(texts).toContain('engine reload took 3 s');
    expect(texts.filter((t) => t.startsWith('[497 more similar lines in 10 s not shown; the last one:] '))).toHaveLength(2);
    expect(texts.at(-1)).toContain('buffer overflow');
  });

  it('a new window lets lines through again; a kind that never repeated leaves no summary', () => {
    const { clock, ring, folder } = setup({ windowMs: 1000, burst: 1, maxKinds: 8 });
    const line = (n: number): LogEntry => ({ t: 0, level: 'info', source: 'rtpengine', text: `[${n}.5] INFO: [core] port ${n} busy` });
    folder.append(line(1));
    folder.append(line(2));
    clock.advance(1000);
    folder.append(line(3));
    folder.append({ t: 0, level: 'info', source: 'rtpengine', text: 'once' });
    clock.advance(5000);
    expect(ring.entries().map((e) => e.text)).toEqual([
      '[1.5] INFO: [core] port 1 busy',
      '[1 more similar line in 1 s not shown; the last one:] [2.5] INFO: [core] port 2 busy',
      '[3.5] INFO: [core] port 3 busy',
      'once',
    ]);
    expect(clock.pending()).toBe(0);
  });

  it('tracks a bounded number of kinds: the oldest is summarised to make room', () => {
    const { clock, ring, folder } = setup({ windowMs: 10_000, burst: 1, maxKinds: 2 });
    for (const word of ['alpha', 'alpha', 'beta', 'gamma']) folder.append({ t: 0, level: 'info', source: 'agent', text: word });
    expect(ring.entries().map((e) => e.text)).toEqual(['alpha', 'beta', '[1 more similar line in 1 s not shown; the last one:] alpha', 'gamma']);
    expect(clock.pending()).toBe(0);
  });
});

describe('rateCap', () => {
  it('passes `burst` lines of a source per window, then one summary at the worst level held; other sources are not held back', () => {
    const clock = new FakeClock(0);
    const ring = new LogRing({ agent: 100, engine: 100 });
    const cap = rateCap(ring, clock, { windowMs: 1000, burst: 2, maxKinds: 4 });
    // Lines that differ in words, as when an engine quotes the garbage it was sent.
    for (const word of ['alpha', 'beta', 'gamma', 'delta']) cap.append({ t: 0, level: word === 'gamma' ? 'error' : 'info', source: 'kamailio', text: `bad header <${word}>` });
    cap.append({ t: 0, level: 'info', source: 'agent', text: 'still here' });
    clock.advance(1000);
    expect(ring.entries().map((e) => `${e.level} ${e.source} ${e.text}`)).toEqual([
      'info kamailio bad header <alpha>',
      'info kamailio bad header <beta>',
      'info agent still here',
      'error kamailio [2 more lines from kamailio in 1 s not shown: more than 2 every 1 s]',
    ]);
  });
});
