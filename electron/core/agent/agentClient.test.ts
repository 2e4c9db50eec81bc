import { describe, expect, it } from 'vitest';
import { RpcError } from '@shared/rpc/errors';
import { AgentClient, type AgentClientOptions } from './agentClient';
import { isConnectionLost } from './clientErrors';
import { ALL_CAPABILITIES, FakeAgent, flush } from './fakeAgent';

const OPTIONS: AgentClientOptions = { server: 'sw1', client: { name: 'switchdeck', version: '0.4.0', user: 'alice' } };

async function connected(overrides: Record<string, unknown> = {}, options: Partial<AgentClientOptions> = {}) {
  const agent = new FakeAgent();
  const pending = AgentClient.connect(agent.clientStream, { ...OPTIONS, ...options });
  await agent.acceptHello(overrides);
  return { agent, client: await pending };
}

const catalog = { version: 'vos-2.1', paramNames: ['SS_A'] };
const changed = { revision: 13, hash: 'a'.repeat(64), author: { user: 'alice', role: 'admin' }, kind: 'apply', status: 'confirmed' };

async function rejection(p: Promise<unknown>): Promise<RpcError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcError);
  return error as RpcError;
}

describe('AgentClient hello', () => {
  it('speaks first with its identity and exposes what the agent announced', async () => {
    const { agent, client } = await connected({ role: 'view' });
    expect(agent.received[0]).toEqual({ type: 'hello', protocol: 1, client: OPTIONS.client, accepts: ['chunked'] });
    expect(client.role).toBe('view');
    expect(client.agent).toEqual({ version: '0.4.0', hostname: 'sw1' });
    expect(client.offersMethod('config.apply')).toBe(true);
    expect(client.mayCall('config.apply')).toBe(false);
    expect(client.mayCall('config.get')).toBe(true);
  });

  it('says to update Switchdeck when the agent is newer', async () => {
    const agent = new FakeAgent();
    const pending = AgentClient.connect(agent.clientStream, OPTIONS);
    await agent.waitFor((f) => f.type === 'hello');
    agent.send({
      type: 'error',
      fatal: true,
      error: { code: 'UNSUPPORTED_PROTOCOL', message: 'client speaks protocol 1, this agent speaks protocol 2', data: { clientProtocol: 1, agentProtocols: [2] } },
    });
    const error = await rejection(pending);
    expect(error.code).toBe('UNSUPPORTED_PROTOCOL');
    expect(error.message).toBe('the agent on sw1 speaks protocol 2; this Switchdeck speaks 1 — update Switchdeck');
  });

  it('refuses an agent hello of another protocol version', async () => {
    const agent = new FakeAgent();
    const pending = AgentClient.connect(agent.clientStream, OPTIONS);
    await agent.acceptHello({ protocol: 3 });
    const error = await rejection(pending);
    expect(error.code).toBe('UNSUPPORTED_PROTOCOL');
    expect(error.message).toContain('speaks protocol 3; this Switchdeck speaks 1 — update Switchdeck');
    await flush();
    expect(agent.clientEnded).toBe(true);
  });

  it('reports other hello refusals with the agent message', async () => {
    const agent = new FakeAgent();
    const pending = AgentClient.connect(agent.clientStream, OPTIONS);
    await agent.waitFor((f) => f.type === 'hello');
    agent.send({ type: 'error', fatal: true, error: { code: 'HELLO_REQUIRED', message: "the first frame must be 'hello', got 'req'" } });
    const error = await rejection(pending);
    expect(error.code).toBe('HELLO_REQUIRED');
    expect(error.message).toBe("the agent on sw1 refused the hello: the first frame must be 'hello', got 'req'");
  });

  it('fails when the stream closes before the hello, or the hello never comes', async () => {
    const agent = new FakeAgent();
    const pending = AgentClient.connect(agent.clientStream, OPTIONS);
    agent.hangUp();
    const error = await rejection(pending);
    expect(error.message).toMatch(/^connection to sw1 closed before the agent's hello/);

    const silent = new FakeAgent();
    const timedOut = await rejection(AgentClient.connect(silent.clientStream, { ...OPTIONS, helloTimeoutMs: 30 }));
    expect(timedOut.code).toBe('TIMEOUT');
    expect(timedOut.message).toContain('did not answer the hello');
  });
});

describe('AgentClient framing and calls', () => {
  it('matches out-of-order responses split across chunks, with CRLF and blank lines', async () => {
    const { agent, client } = await connected();
    const a = client.call('catalog.get', {});
    const b = client.call('engine.status', {});
    const ra = await agent.request('catalog.get');
    const rb = await agent.request('engine.status');
    const lineB = JSON.stringify({ type: 'res', id: rb.id, result: { engines: [] } });
    const lineA = JSON.stringify({ type: 'res', id: ra.id, result: catalog });
    agent.sendRaw(`\n${lineB}\r\n${lineA.slice(0, 10)}`);
    await flush();
    agent.sendRaw(`${lineA.slice(10)}\n`);
    expect(await b).toEqual({ engines: [] });
    expect(await a).toEqual(catalog);
  });

  it('validates params before sending and names the field', async () => {
    const { agent, client } = await connected();
    const before = agent.received.length;
    const error = await rejection(client.call('config.history', { limit: 0 }));
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.message).toMatch(/^invalid params for 'config.history': limit: /);
    expect((error.data as { issues: Array<{ path: string }> }).issues[0]?.path).toBe('limit');
    await flush();
    expect(agent.received.length).toBe(before);
  });

  it('never passes on a result that fails the schema', async () => {
    const { agent, client } = await connected();
    const read = client.call('catalog.get', {});
    agent.send({ type: 'res', id: (await agent.request('catalog.get')).id, result: { version: 'x', paramNames: 'SS_A' } });
    const error = await rejection(read);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain("sent an invalid result for 'catalog.get' (paramNames:");

    const write = client.call('config.confirm', { revision: 4 });
    agent.send({ type: 'res', id: (await agent.request('config.confirm')).id, result: { revision: 4, status: 'pending' } });
    expect((await rejection(write)).message).toContain('the change was probably applied — check the history');
  });

  it('rebuilds agent errors, mapping unknown codes to INTERNAL', async () => {
    const { agent, client } = await connected();
    const denied = client.call('engine.restart', { target: 'all' });
    const req = await agent.request('engine.restart');
    agent.send({ type: 'res', id: req.id, error: { code: 'PERMISSION_DENIED', message: 'no', data: { method: 'engine.restart' } } });
    const error = await rejection(denied);
    expect([error.code, error.data]).toEqual(['PERMISSION_DENIED', { method: 'engine.restart' }]);

    const odd = client.call('catalog.get', {});
    agent.send({ type: 'res', id: (await agent.request('catalog.get')).id, error: { code: 'NEW_CODE', message: 'from the future' } });
    expect((await rejection(odd)).code).toBe('INTERNAL');
  });

  it('fails a call whose response frame is malformed but names its id', async () => {
    const { agent, client } = await connected();
    const faults: string[] = [];
    client.onFault((f) => faults.push(f.error.message));
    const read = client.call('catalog.get', {});
    const req = await agent.request('catalog.get');
    agent.send({ type: 'res', id: req.id, result: catalog, error: { code: 'BUSY', message: 'both' } });
    const error = await rejection(read);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('exactly one of');
    expect(faults).toHaveLength(1);
  });

  it('fails a method the agent does not offer without sending it', async () => {
    const { agent, client } = await connected({ capabilities: ['cancel', 'method:catalog.get'] });
    const error = await rejection(client.call('config.import', {} as never));
    expect(error.code).toBe('METHOD_NOT_FOUND');
    expect(error.message).toBe("the agent on sw1 (switch-agent 0.4.0) does not offer method 'config.import'; update switch-agent");
    await flush();
    expect(agent.received.filter((f) => f.type === 'req')).toHaveLength(0);
  });

  it('never sends a frame over the announced limit', async () => {
    const { agent, client } = await connected({ maxFrameBytes: 65536, capabilities: ALL_CAPABILITIES.filter((c) => c !== 'chunked') });
    const ops = [{ op: 'param.set' as const, name: 'SS_BANNER', value: 'é'.repeat(40_000) }];
    const error = await rejection(client.call('config.apply', { baseRevision: 1, ops }));
    expect(error.code).toBe('FRAME_TOO_LARGE');
    expect(error.message).toMatch(/^the request for 'config.apply' is \d+ bytes, over the agent's frame limit of 65536 bytes; nothing was sent$/);
    expect((error.data as { bytes: number }).bytes).toBeGreaterThan(80_000);
    // The connection is unaffected.
    const ok = client.call('catalog.get', {});
    agent.send({ type: 'res', id: (await agent.request('catalog.get')).id, result: catalog });
    expect(await ok).toEqual(catalog);
    expect(agent.received.filter((f) => f.method === 'config.apply')).toHaveLength(0);
  });
});

describe('AgentClient chunked messages (PROTOCOL.md §5.2)', () => {
  it('sends params over the frame limit as chunk frames and a trailer, each frame under the limit', async () => {
    const { agent, client } = await connected({ maxFrameBytes: 65536 });
    const ops = [{ op: 'param.set' as const, name: 'SS_BANNER', value: 'é"'.repeat(40_000) }];
    const applying = client.call('config.apply', { baseRevision: 1, ops });
    const req = await agent.waitFor((f) => f.type === 'req' && f.method === 'config.apply');
    const chunks = agent.received.filter((f) => f.type === 'chunk' && f.id === req.id);
    expect(chunks.length).toBeGreaterThan(1);
    for (const line of agent.text.split('\n').filter((l) => l !== '')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(65536);
    const body = chunks.map((f) => f.data as string).join('');
    expect(JSON.parse(body)).toEqual({ baseRevision: 1, ops });
    expect(req.chunked).toEqual({ chunks: chunks.length, bytes: Buffer.byteLength(body) });
    expect(req.params).toBeUndefined();
    agent.send({ type: 'res', id: req.id, error: { code: 'BUSY', message: 'busy' } });
    expect((await rejection(applying)).code).toBe('BUSY');
  });

  it('joins a chunked response, and fails only that call when a chunk is missing', async () => {
    const { agent, client } = await connected();
    const good = client.call('catalog.get', {});
    const bad = client.call('catalog.get', {});
    await agent.waitFor(() => agent.received.filter((f) => f.type === 'req').length === 2);
    const [r1, r2] = agent.received.filter((f) => f.type === 'req') as unknown as [{ id: number }, { id: number }];
    const body = JSON.stringify(catalog);
    const half = Math.floor(body.length / 2);
    agent.send({ type: 'chunk', id: r1.id, seq: 0, data: body.slice(0, half) });
    agent.send({ type: 'chunk', id: r2.id, seq: 0, data: body.slice(0, half) });
    agent.send({ type: 'chunk', id: r1.id, seq: 1, data: body.slice(half) });
    agent.send({ type: 'res', id: r1.id, chunked: { chunks: 2, bytes: Buffer.byteLength(body) } });
    agent.send({ type: 'res', id: r2.id, chunked: { chunks: 2, bytes: Buffer.byteLength(body) } });
    expect(await good).toEqual(catalog);
    const error = await rejection(bad);
    expect(error.code).toBe('INVALID_FRAME');
    expect(error.message).toContain('announced 2 chunks');
  });
});

describe('AgentClient cancellation and timeouts', () => {
  it('sends cancel for an aborted call and reports the agent answer', async () => {
    const { agent, client } = await connected();
    const controller = new AbortController();
    const call = client.call('config.confirm', { revision: 2 }, { signal: controller.signal });
    const req = await agent.request('config.confirm');
    controller.abort();
    const cancel = await agent.waitFor((f) => f.type === 'cancel');
    expect(cancel.id).toBe(req.id);
    agent.send({ type: 'res', id: req.id, error: { code: 'CANCELLED', message: 'request 1 was cancelled by the client' } });
    expect((await rejection(call)).code).toBe('CANCELLED');
  });

  it('sends nothing for a signal aborted beforehand, and gives up when the agent never confirms', async () => {
    const { agent, client } = await connected({}, { cancelGraceMs: 30 });
    const early = await rejection(client.call('catalog.get', {}, { signal: AbortSignal.abort() }));
    expect(early.message).toBe("'catalog.get' was cancelled before it was sent");
    await flush();
    expect(agent.received.filter((f) => f.type === 'req')).toHaveLength(0);

    const controller = new AbortController();
    const call = client.call('config.confirm', { revision: 2 }, { signal: controller.signal });
    await agent.request('config.confirm');
    controller.abort();
    const error = await rejection(call);
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toContain('did not confirm the cancellation; it may or may not have been applied');
  });

  it('times out locally, tells the agent, and ignores the late answer', async () => {
    const { agent, client } = await connected();
    const call = client.call('catalog.get', {}, { timeoutMs: 30 });
    const req = await agent.request('catalog.get');
    const error = await rejection(call);
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe("no answer from sw1 to 'catalog.get' within 30 ms");
    expect((await agent.waitFor((f) => f.type === 'cancel')).id).toBe(req.id);
    agent.send({ type: 'res', id: req.id, result: catalog });
    await flush();
  });
});

describe('AgentClient events', () => {
  it('delivers valid events, reports invalid ones, ignores unknown names', async () => {
    const { agent, client } = await connected();
    const seen: number[] = [];
    const faults: string[] = [];
    const off = client.on('config.changed', (data) => seen.push(data.revision));
    client.onFault((f) => faults.push(f.error.message));
    agent.send({ type: 'event', name: 'config.changed', data: changed });
    agent.send({ type: 'event', name: 'config.changed', data: { ...changed, revision: -1 } });
    agent.send({ type: 'event', name: 'future.thing', data: {} });
    await flush();
    off();
    agent.send({ type: 'event', name: 'config.changed', data: { ...changed, revision: 14 } });
    await flush();
    expect(seen).toEqual([13]);
    expect(faults).toEqual([expect.stringContaining("sent an invalid 'config.changed' event (revision:")]);
  });
});

describe('AgentClient when the stream is lost', () => {
  it('fails every pending call with the connection-lost error and refuses new ones', async () => {
    const { agent, client } = await connected();
    const write = client.call('config.confirm', { revision: 3 });
    const read = client.call('catalog.get', {});
    await agent.request('catalog.get');
    const closes: string[] = [];
    client.onClose((r) => closes.push(r));
    agent.hangUp();
    const w = await rejection(write);
    const r = await rejection(read);
    expect(w.code).toBe('TIMEOUT');
    expect(isConnectionLost(w)).toBe(true);
    expect(w.message).toBe(
      "connection to sw1 lost while 'config.confirm' was in flight (the agent closed the connection); it changes state and may or may not have been applied — check the history before trying again",
    );
    expect(r.message).toContain("'catalog.get' was in flight (the agent closed the connection); it only reads, so asking again is safe");
    expect(closes).toEqual(['the agent closed the connection']);
    const after = await rejection(client.call('catalog.get', {}));
    expect(after.message).toBe("'catalog.get' was not sent: the connection to sw1 is closed (the agent closed the connection)");
    expect(isConnectionLost(after)).toBe(false);
  });

  it('names the agent reason when it closes on a fatal error', async () => {
    const { agent, client } = await connected();
    const read = client.call('catalog.get', {});
    await agent.request('catalog.get');
    agent.send({ type: 'error', fatal: true, error: { code: 'INTERNAL', message: 'the agent hit an internal error on this connection and closes it' } });
    agent.hangUp();
    expect((await rejection(read)).message).toContain('(the agent closed it: the agent hit an internal error');
  });

  it('closes cleanly from its own side', async () => {
    const { agent, client } = await connected();
    const read = client.call('catalog.get', {});
    await agent.request('catalog.get');
    const closing = client.close();
    expect((await rejection(read)).message).toContain('(closed by Switchdeck)');
    agent.hangUp();
    await closing;
    expect(agent.clientEnded).toBe(true);
  });

  it('closes the link when the agent sends a line over the limit', async () => {
    const { agent, client } = await connected({ maxFrameBytes: 65536 });
    const read = client.call('catalog.get', {});
    await agent.request('catalog.get');
    agent.sendRaw('x'.repeat(70_000));
    expect((await rejection(read)).message).toContain('the agent sent a frame of more than 65536 bytes');
  });
});
