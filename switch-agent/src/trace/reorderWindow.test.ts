import { describe, it, expect } from 'vitest';
import { FakeClock } from '../../../test/doubles/agent/fakeClock';
import { ReorderWindow } from './reorderWindow';

interface Msg {
  id: string;
  atMs: number;
}

interface SipMsg extends Msg {
  /** A request opens `txn`, a reply follows it. */
  txn: string;
  reply?: boolean;
  /** More keys this message opens (a final reply to an INVITE opens its ACK). */
  alsoOpens?: string[];
  /** A message following something other than a request (an ACK follows a final reply). */
  after?: string;
}

function rig(o: { maxHeld?: number; transactions?: boolean; maxRemembered?: number } = {}) {
  const clock = new FakeClock(1_000_000);
  const out: string[] = [];
  const w = new ReorderWindow<Msg & Partial<SipMsg>>({
    clock,
    windowMs: 20,
    maxHeld: o.maxHeld ?? 1000,
    captureUs: (m) => m.atMs * 1000,
    emit: (m) => out.push(m.id),
    ...(o.transactions && { links: sipLinks, requestWaitMs: 300 }),
    ...(o.maxRemembered !== undefined && { maxRemembered: o.maxRemembered }),
  });
  return { clock, out, w };
}

function sipLinks(m: Partial<SipMsg>) {
  if (m.after !== undefined) return { follows: m.after };
  if (m.txn === undefined) return undefined;
  return m.reply ? { follows: m.txn, opens: m.alsoOpens ?? [] } : { opens: [m.txn, ...(m.alsoOpens ?? [])] };
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

describe('ReorderWindow with causal links', () => {
  // Pushed in this order, each stamped `dtMs` from now; released after the window.
  it.each([
    {
      why: 'puts a request stamped after its reply (stamped once sent, on a busy host) before that reply',
      pushed: [['BYE in', 'a', false, -3], ['200 BYE out-leg', 'b', true, -1], ['BYE out', 'b', false, 0]],
      released: ['BYE in', 'BYE out', '200 BYE out-leg'],
    },
    { why: 'puts a reply stamped before its still-held request after it', pushed: [['BYE', 'b', false, 0], ['200', 'b', true, -2]], released: ['BYE', '200'] },
    {
      why: 'keeps a retransmitted request at its own time, after the replies already seen',
      pushed: [['INVITE', 'i', false, -5], ['100', 'i', true, -4], ['INVITE again', 'i', false, 0]],
      released: ['INVITE', '100', 'INVITE again'],
    },
  ] as { why: string; pushed: [string, string, boolean, number][]; released: string[] }[])('$why', ({ pushed, released }) => {
    const { clock, out, w } = rig({ transactions: true });
    for (const [id, txn, reply, dtMs] of pushed) w.push({ id, txn, reply, atMs: clock.now() + dtMs });
    clock.advance(25);
    expect(out).toEqual(released);
  });


  it('holds a reply for its request beyond the window, and releases both as soon as the request comes', () => {
    const { clock, out, w } = rig({ transactions: true });
    w.push({ id: '200', txn: 'b', reply: true, atMs: clock.now() });
    clock.advance(100);
    expect(out).toEqual([]);
    w.push({ id: 'BYE', txn: 'b', atMs: clock.now() - 1 });
    expect(out).toEqual(['BYE', '200']);
    expect(clock.pending()).toBe(0);
  });

  it("puts the caller's ACK stamped before the 200 it acknowledges after that 200 (the 200 is stamped once sent)", () => {
    const { clock, out, w } = rig({ transactions: true });
    w.push({ id: 'INVITE', txn: 'i', atMs: clock.now() - 10 });
    w.push({ id: 'ACK', txn: 'a', after: 'ack', atMs: clock.now() - 2 });
    w.push({ id: 'BYE', txn: 'b', atMs: clock.now() - 1 });
    w.push({ id: '200', txn: 'i', reply: true, alsoOpens: ['ack'], atMs: clock.now() });
    clock.advance(25);
    expect(out).toEqual(['INVITE', '200', 'ACK', 'BYE']);
  });

  it('puts an ACK that arrives after its 200 but is stamped before it after that 200', () => {
    const { clock, out, w } = rig({ transactions: true });
    w.push({ id: 'INVITE', txn: 'i', atMs: clock.now() - 10 });
    w.push({ id: '200', txn: 'i', reply: true, alsoOpens: ['ack'], atMs: clock.now() });
    w.push({ id: 'ACK', txn: 'a', after: 'ack', atMs: clock.now() - 2 });
    clock.advance(25);
    expect(out).toEqual(['INVITE', '200', 'ACK']);
  });

  it('keeps a retransmitted 200 and its ACK at their own times, after the first 200 and ACK', () => {
    const { clock, out, w } = rig({ transactions: true });
    w.push({ id: 'INVITE', txn: 'i', atMs: clock.now() - 10 });
    w.push({ id: '200', txn: 'i', reply: true, alsoOpens: ['ack'], atMs: clock.now() - 8 });
    w.push({ id: 'ACK', txn: 'a', after: 'ack', atMs: clock.now() - 6 });
    w.push({ id: '200 again', txn: 'i', reply: true, alsoOpens: ['ack'], atMs: clock.now() - 4 });
    w.push({ id: 'ACK again', txn: 'a', after: 'ack', atMs: clock.now() - 2 });
    clock.advance(25);
    expect(out).toEqual(['INVITE', '200', 'ACK', '200 again', 'ACK again']);
  });

  it('lets a reply to a request it never sees (sent before tracing began) go after the request wait', () => {
    const { clock, out, w } = rig({ transactions: true });
    w.push({ id: '200', txn: 'old', reply: true, atMs: clock.now() });
    w.push({ id: 'OPTIONS', txn: 'c', atMs: clock.now() + 1 });
    clock.advance(299);
    expect(out).toEqual([]);
    clock.advance(2);
    expect(out).toEqual(['200', 'OPTIONS']);
  });

  it('does not hold a reply whose request went out already, and keeps it after that request', () => {
    const { clock, out, w } = rig({ transactions: true });
    w.push({ id: 'INVITE', txn: 'i', atMs: clock.now() });
    clock.advance(25);
    w.push({ id: '100', txn: 'i', reply: true, atMs: clock.now() });
    clock.advance(20);
    expect(out).toEqual(['INVITE', '100']);
  });



  it('remembers a bounded number of requests: a reply to a forgotten one only waits, then goes out', () => {
    const { clock, out, w } = rig({ transactions: true, maxRemembered: 2 });
    for (const id of ['r1', 'r2', 'r3']) w.push({ id, txn: id, atMs: clock.now() });
    clock.advance(25);
    w.push({ id: 'reply r1', txn: 'r1', reply: true, atMs: clock.now() });
    w.push({ id: 'reply r3', txn: 'r3', reply: true, atMs: clock.now() });
    clock.advance(25);
    expect(out).toEqual(['r1', 'r2', 'r3']);
    clock.advance(300);
    expect(out).toEqual(['r1', 'r2', 'r3', 'reply r1', 'reply r3']);
  });

  it('pairs every reply with its request when thousands of transactions are held at once, and keeps nothing after', () => {
    const { clock, out, w } = rig({ transactions: true, maxHeld: 5000 });
    // 2,000 transactions whose replies arrive first, each with an earlier capture time than its request.
    for (let k = 0; k < 2000; k++) w.push({ id: `reply ${k}`, txn: `t${k}`, reply: true, atMs: clock.now() });
    for (let k = 0; k < 2000; k++) w.push({ id: `request ${k}`, txn: `t${k}`, atMs: clock.now() + 1 });
    clock.advance(25);
    expect(out).toHaveLength(4000);
    for (let k = 0; k < 2000; k++) expect(out.indexOf(`request ${k}`)).toBeLessThan(out.indexOf(`reply ${k}`));
    expect(w.size).toBe(0);
    // A message of a transaction seen before, after the others left: paired as if alone.
    w.push({ id: 'late reply 5', txn: 't5', reply: true, atMs: clock.now() });
    clock.advance(25);
    expect(out.at(-1)).toBe('late reply 5');
  });
});
