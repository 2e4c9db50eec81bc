import { describe, it, expect, vi, afterEach } from 'vitest';
import { AgentFrameSchema } from '@shared/rpc/frames';
import { createFixture, openFixture } from '../../../test/doubles/agent/rpcFixture';
import { clientHello, settle } from '../../../test/doubles/agent/rpcTestkit';

afterEach(() => {
  vi.useRealTimers();
});

describe('hello', () => {
  it('answers a valid hello with role, capabilities and frame limit', async () => {
    const { transport, connection } = createFixture({ role: 'view' });
    transport.send(clientHello());
    const hello = await transport.waitFor((f) => f.type === 'hello');
    expect(AgentFrameSchema.safeParse(hello).success).toBe(true);
    expect(hello).toMatchObject({ protocol: 1, role: 'view', agent: { version: '0.1.0', hostname: 'sw1' }, maxFrameBytes: 1048576 });
    const caps = hello.capabilities as string[];
    expect(caps).toContain('method:echo.get');
    expect(caps).toContain('topic:ticks');
    expect(caps).toContain('cancel');
    // A table entry without a handler is not announced.
    expect(caps).not.toContain('method:not.implemented');
    expect(connection.state).toBe('open');
    expect(connection.client).toEqual({ name: 'test', version: '0.0.0', user: 'alice' });
  });

  it('refuses a request before hello and closes', async () => {
    const { transport, connection } = createFixture();
    transport.send({ type: 'req', id: 1, method: 'echo.get', params: { text: 'hi' } });
    const [frame] = transport.frames();
    expect(frame).toMatchObject({ type: 'error', fatal: true, error: { code: 'HELLO_REQUIRED' } });
    expect(String((frame?.error as { message: string }).message)).toContain("got 'req'");
    expect(transport.closed).toBe(true);
    expect(connection.state).toBe('closed');
  });

  it('names both versions on a protocol mismatch, even when the v2 hello has another shape', () => {
    const { transport } = createFixture();
    transport.send({ type: 'hello', protocol: 2, client: { id: 42 } });
    const [frame] = transport.frames();
    expect(frame).toMatchObject({
      type: 'error',
      fatal: true,
      error: { code: 'UNSUPPORTED_PROTOCOL', data: { clientProtocol: 2, agentProtocols: [1] } },
    });
    expect((frame?.error as { message: string }).message).toBe('client speaks protocol 2, this agent speaks protocol 1');
    expect(transport.closed).toBe(true);
  });

  it('treats a malformed first frame as fatal', () => {
    const { transport } = createFixture();
    transport.sendRaw('{"type":"hello",\n');
    expect(transport.frames()[0]).toMatchObject({ type: 'error', fatal: true, error: { code: 'PARSE_ERROR' } });
    expect(transport.closed).toBe(true);
  });

  it('disconnects a client that never says hello', () => {
    vi.useFakeTimers();
    const { transport } = createFixture({ limits: { helloTimeoutMs: 1000 } });
    vi.advanceTimersByTime(999);
    expect(transport.closed).toBe(false);
    vi.advanceTimersByTime(2);
    expect(transport.frames()[0]).toMatchObject({ type: 'error', fatal: true, error: { code: 'HELLO_REQUIRED' } });
    expect(transport.closed).toBe(true);
  });

  it('rejects a second hello without closing', async () => {
    const { transport } = await openFixture();
    transport.send(clientHello());
    expect(transport.frames()[1]).toMatchObject({ type: 'error', fatal: false, error: { code: 'INVALID_FRAME' } });
    expect(transport.closed).toBe(false);
  });
});

describe('bad frames after hello keep the connection', () => {
  it('malformed JSON → PARSE_ERROR', async () => {
    const { transport } = await openFixture();
    transport.sendRaw('{"type": "req", \n');
    expect(transport.frames()[1]).toMatchObject({ type: 'error', fatal: false, error: { code: 'PARSE_ERROR' } });
    transport.send({ type: 'req', id: 'a', method: 'echo.get', params: { text: 'still here' } });
    expect(await transport.response('a')).toMatchObject({ result: { text: 'still here' } });
  });

  it('valid JSON that is not a frame → INVALID_FRAME', async () => {
    const { transport } = await openFixture();
    transport.sendRaw('[1,2,3]\n"hello"\n{"no":"type"}\n');
    const errors = transport.frames().slice(1);
    expect(errors.map((f) => (f.error as { code: string }).code)).toEqual(['INVALID_FRAME', 'INVALID_FRAME', 'INVALID_FRAME']);
    expect(transport.closed).toBe(false);
  });

  it('unknown frame type → INVALID_FRAME naming the type', async () => {
    const { transport } = await openFixture();
    transport.send({ type: 'subscribe', topic: 'x' });
    const err = transport.frames()[1]?.error as { code: string; message: string };
    expect(err.code).toBe('INVALID_FRAME');
    expect(err.message).toBe("unknown frame type 'subscribe'");
  });

  it('a malformed request with a usable id is answered on that id', async () => {
    const { transport } = await openFixture();
    transport.send({ type: 'req', id: 7, method: '' });
    const res = await transport.response(7);
    expect(res).toMatchObject({ error: { code: 'INVALID_FRAME' } });
    expect((res.error as { message: string }).message).toContain('method');
  });

  it('oversized frame → FRAME_TOO_LARGE, skipped to the next newline, then normal service', async () => {
    const { transport } = await openFixture({ maxFrameBytes: 64 * 1024 });
    const huge = JSON.stringify({ type: 'req', id: 'big', method: 'echo.get', params: { text: 'y'.repeat(100_000) } });
    // Delivered in pieces, as a socket would.
    for (let i = 0; i < huge.length; i += 10_000) transport.sendRaw(huge.slice(i, i + 10_000));
    transport.sendRaw(`\n${JSON.stringify({ type: 'req', id: 'after', method: 'echo.get', params: { text: 'ok' } })}\n`);
    const err = transport.frames()[1];
    expect(err).toMatchObject({ type: 'error', fatal: false, error: { code: 'FRAME_TOO_LARGE', data: { maxFrameBytes: 65536 } } });
    expect(await transport.response('after')).toMatchObject({ result: { text: 'ok' } });
    expect(transport.frames().filter((f) => f.type === 'error')).toHaveLength(1);
  });

  it('invalid UTF-8 → PARSE_ERROR', async () => {
    const { transport } = await openFixture();
    transport.sendRaw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]));
    expect(transport.frames()[1]).toMatchObject({ type: 'error', fatal: false, error: { code: 'PARSE_ERROR' } });
  });
});

describe('requests', () => {
  it('unknown method → METHOD_NOT_FOUND; a method without handler too', async () => {
    const { transport } = await openFixture();
    transport.send({ type: 'req', id: 1, method: 'no.such' });
    transport.send({ type: 'req', id: 2, method: 'not.implemented', params: {} });
    expect(await transport.response(1)).toMatchObject({ error: { code: 'METHOD_NOT_FOUND', message: "unknown method 'no.such'" } });
    expect(await transport.response(2)).toMatchObject({ error: { code: 'METHOD_NOT_FOUND' } });
  });

  it('invalid params → INVALID_PARAMS naming the field in message and data', async () => {
    const { transport } = await openFixture();
    transport.send({ type: 'req', id: 1, method: 'gateway.set', params: { gateways: [{ name: 'a', port: 5060 }, { name: 'b', port: 70000 }] } });
    const res = await transport.response(1);
    const error = res.error as { code: string; message: string; data: { issues: Array<{ path: string }> } };
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.message).toMatch(/^invalid params for 'gateway\.set': gateways\[1\]\.port: /);
    expect(error.data.issues[0]?.path).toBe('gateways[1].port');
  });

  it('omitted params mean {}', async () => {
    const { transport } = await openFixture();
    transport.send({ type: 'req', id: 1, method: 'user.get' });
    expect(await transport.response(1)).toMatchObject({ result: { name: 'bob' } });
  });

  it('sends the result schema output, so fields the schema does not list never leave', async () => {
    const { transport } = await openFixture();
    transport.send({ type: 'req', id: 1, method: 'user.get', params: {} });
    const res = await transport.response(1);
    expect(res.result).toEqual({ name: 'bob' });
    expect(transport.written.join('')).not.toContain('hunter2');
  });

  it('many concurrent requests complete out of order, each on its own id', async () => {
    const { transport, slow } = await openFixture();
    const tags = Array.from({ length: 20 }, (_, i) => `t${i}`);
    tags.forEach((tag, i) => transport.send({ type: 'req', id: i, method: 'slow.wait', params: { tag } }));
    await settle();
    expect(slow.size).toBe(20);
    for (const tag of [...tags].reverse()) slow.get(tag)?.done.resolve({ tag });
    await transport.response(0);
    const responses = transport.frames().filter((f) => f.type === 'res');
    expect(responses.map((f) => f.id)).toEqual(tags.map((_, i) => i).reverse());
    for (const r of responses) expect(r.result).toEqual({ tag: `t${String(r.id)}` });
  });

  it('refuses more than maxPendingRequests with TOO_MANY_REQUESTS and serves again once under', async () => {
    const { transport, slow } = await openFixture({ limits: { maxPendingRequests: 3 } });
    for (let i = 0; i < 4; i++) transport.send({ type: 'req', id: i, method: 'slow.wait', params: { tag: `t${i}` } });
    expect(await transport.response(3)).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS', data: { limit: 3 } } });
    slow.get('t0')?.done.resolve({ tag: 't0' });
    await transport.response(0);
    transport.send({ type: 'req', id: 4, method: 'echo.get', params: { text: 'x' } });
    expect(await transport.response(4)).toMatchObject({ result: { text: 'x' } });
  });

  it('a duplicate id of a pending request is an error frame, not a response', async () => {
    const { transport, slow } = await openFixture();
    transport.send({ type: 'req', id: 'd', method: 'slow.wait', params: { tag: 'a' } });
    transport.send({ type: 'req', id: 'd', method: 'slow.wait', params: { tag: 'b' } });
    const err = await transport.waitFor((f) => f.type === 'error');
    expect(err).toMatchObject({ fatal: false, error: { code: 'INVALID_FRAME', data: { id: 'd' } } });
    await settle();
    expect(slow.has('b')).toBe(false);
    slow.get('a')?.done.resolve({ tag: 'a' });
    expect(await transport.response('d')).toMatchObject({ result: { tag: 'a' } });
  });

  it('cancel answers CANCELLED at once, aborts the handler signal and drops its late result', async () => {
    const { transport, slow } = await openFixture();
    transport.send({ type: 'req', id: 9, method: 'slow.wait', params: { tag: 'c' } });
    await settle();
    const handler = slow.get('c');
    transport.send({ type: 'cancel', id: 9 });
    expect(await transport.response(9)).toMatchObject({ error: { code: 'CANCELLED' } });
    expect(handler?.signal.aborted).toBe(true);
    handler?.done.resolve({ tag: 'c' });
    await settle();
    expect(transport.frames().filter((f) => f.type === 'res')).toHaveLength(1);
    // Cancelling something unknown or finished is silently ignored.
    transport.send({ type: 'cancel', id: 9 });
    transport.send({ type: 'cancel', id: 'never' });
    expect(transport.frames().filter((f) => f.type === 'error')).toHaveLength(0);
  });

  it('a request that runs too long gets TIMEOUT and its signal is aborted', async () => {
    const { transport, slow } = await openFixture({ limits: { requestTimeoutMs: 30 } });
    transport.send({ type: 'req', id: 1, method: 'slow.wait', params: { tag: 'late' } });
    expect(await transport.response(1)).toMatchObject({ error: { code: 'TIMEOUT' } });
    expect(slow.get('late')?.signal.aborted).toBe(true);
  });

  it('a handler throwing a plain Error → INTERNAL with an incident id, details only in the log', async () => {
    const { transport, logs } = await openFixture();
    transport.send({ type: 'req', id: 1, method: 'boom.throw', params: {} });
    const res = await transport.response(1);
    const error = res.error as { code: string; message: string; data: { incident: string } };
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('database is locked');
    const logged = logs.find((l) => l.level === 'error' && l.fields?.incident === error.data.incident);
    expect(String(logged?.fields?.error)).toContain('database is locked');
    transport.send({ type: 'req', id: 2, method: 'echo.get', params: { text: 'alive' } });
    expect(await transport.response(2)).toMatchObject({ result: { text: 'alive' } });
  });

  it('an RpcError thrown by a handler is passed through unchanged', async () => {
    const { transport } = await openFixture();
    transport.send({ type: 'req', id: 1, method: 'boom.conflict', params: {} });
    expect(await transport.response(1)).toEqual({
      type: 'res',
      id: 1,
      error: { code: 'CONFLICT', message: "gateway 'gw1' was changed since revision 4", data: { field: 'gw1.port' } },
    });
  });

  it('an invalid handler result is INTERNAL and never sent', async () => {
    const { transport, logs } = await openFixture();
    transport.send({ type: 'req', id: 1, method: 'bad.result', params: {} });
    expect(await transport.response(1)).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(transport.written.join('')).not.toContain('"yes"');
    expect(logs.some((l) => l.level === 'error' && l.fields?.method === 'bad.result')).toBe(true);
  });

  it('a result too large for a frame becomes FRAME_TOO_LARGE on that request', async () => {
    const { transport } = await openFixture({ maxFrameBytes: 64 * 1024 });
    transport.send({ type: 'req', id: 1, method: 'big.result', params: { bytes: 70_000 } });
    expect(await transport.response(1)).toMatchObject({ error: { code: 'FRAME_TOO_LARGE' } });
    expect(transport.closed).toBe(false);
  });
});

describe('roles', () => {
  it('view role: mutating method refused naming method and socket; reads allowed', async () => {
    const { transport } = await openFixture({ role: 'view' });
    transport.send({ type: 'req', id: 1, method: 'gateway.set', params: { gateways: [] } });
    transport.send({ type: 'req', id: 2, method: 'echo.get', params: { text: 'r' } });
    const res = await transport.response(1);
    const error = res.error as { code: string; message: string; data: unknown };
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toContain("'gateway.set'");
    expect(error.message).toContain('view.sock');
    expect(error.data).toEqual({ method: 'gateway.set', socket: 'view.sock' });
    expect(await transport.response(2)).toMatchObject({ result: { text: 'r' } });
  });

  it('view role is refused before params are looked at', async () => {
    const { transport } = await openFixture({ role: 'view' });
    transport.send({ type: 'req', id: 1, method: 'gateway.set', params: 'garbage' });
    expect(await transport.response(1)).toMatchObject({ error: { code: 'PERMISSION_DENIED' } });
  });

  it('admin role may call mutating methods', async () => {
    const { transport } = await openFixture({ role: 'admin' });
    transport.send({ type: 'req', id: 1, method: 'gateway.set', params: { gateways: [{ name: 'g', port: 5060 }] } });
    expect(await transport.response(1)).toMatchObject({ result: { count: 1 } });
  });
});

describe('robustness', () => {
  it('random bytes never throw out of the connection and every output line is a valid agent frame', async () => {
    const { transport } = await openFixture();
    const junk = ['\n', '{}\n', 'null\n', '{"type":"req"}\n', '{"type":"credit","subId":"s9","credit":-1}\n', '\u0000\u0001\n', '{"type":"cancel"}\n'];
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + (i % 37) }, (_, j) => (i * 31 + j * 7) % 256));
      expect(() => transport.sendRaw(bytes)).not.toThrow();
      expect(() => transport.sendRaw(junk[i % junk.length] ?? '\n')).not.toThrow();
    }
    await settle();
    for (const frame of transport.frames()) expect(AgentFrameSchema.safeParse(frame).success).toBe(true);
    transport.sendRaw('\n');
    transport.send({ type: 'req', id: 'z', method: 'echo.get', params: { text: 'fine' } });
    expect(await transport.response('z')).toMatchObject({ result: { text: 'fine' } });
  });

  it('a client that stops reading is disconnected instead of buffering without bound', async () => {
    const { transport, connection } = await openFixture({ limits: { maxOutboundBufferBytes: 1000 } });
    transport.buffered = 5000;
    connection.sendEvent('config.changed', { revision: 2 });
    expect(transport.closed).toBe(true);
  });

  it('closing the connection aborts pending handlers', async () => {
    const { transport, slow, connection } = await openFixture();
    transport.send({ type: 'req', id: 1, method: 'slow.wait', params: { tag: 'x' } });
    await settle();
    transport.peerClose();
    expect(connection.state).toBe('closed');
    expect(slow.get('x')?.signal.aborted).toBe(true);
    slow.get('x')?.done.resolve({ tag: 'x' });
    await settle();
    expect(transport.frames().filter((f) => f.type === 'res')).toHaveLength(0);
  });
});
