import { describe, it, expect } from 'vitest';
import { ChunkAssembler, splitChunks } from '@shared/rpc/chunking';
import { AgentFrameSchema } from '@shared/rpc/frames';
import { createFixture } from './testFixture';
import { clientHello, settle, type FakeTransport } from './testkit';

const MAX = 64 * 1024;

async function open(accepts?: string[], limits = {}) {
  const fx = createFixture({ maxFrameBytes: MAX, limits });
  fx.transport.send({ ...clientHello(), ...(accepts ? { accepts } : {}) });
  await fx.transport.waitFor((f) => f.type === 'hello');
  return fx;
}

/** Joins the chunk frames of `id` the way a client does. */
function joined(transport: FakeTransport, id: number): unknown {
  const asm = new ChunkAssembler();
  for (const f of transport.frames()) if (f.type === 'chunk' && f.id === id) expect(asm.add(id, f.seq as number, f.data as string)).toBeUndefined();
  const res = transport.frames().find((f) => f.type === 'res' && f.id === id) as unknown as { chunked: { chunks: number; bytes: number } };
  const got = asm.take(id, res.chunked);
  if (!got.ok) throw got.error;
  return JSON.parse(got.text);
}

describe('chunked responses (PROTOCOL.md §5.2)', () => {
  it('a result over the frame limit arrives as valid chunk frames and a trailer, when the client accepts them', async () => {
    const { transport } = await open(['chunked']);
    transport.send({ type: 'req', id: 1, method: 'big.result', params: { bytes: 300_000 } });
    const res = await transport.response(1);
    expect(res).toMatchObject({ type: 'res', id: 1, chunked: { bytes: 300_000 + 11 } });
    const lines = transport.written.join('').split('\n').filter((l) => l !== '');
    for (const line of lines) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX);
      expect(AgentFrameSchema.safeParse(JSON.parse(line)).success).toBe(true);
    }
    expect(joined(transport, 1)).toEqual({ blob: 'x'.repeat(300_000) });
  });

  it('without the hello opt-in the same result is FRAME_TOO_LARGE, as in protocol 1 before chunking', async () => {
    const { transport } = await open();
    transport.send({ type: 'req', id: 1, method: 'big.result', params: { bytes: 300_000 } });
    expect(await transport.response(1)).toMatchObject({ error: { code: 'FRAME_TOO_LARGE' } });
    expect(transport.frames().some((f) => f.type === 'chunk')).toBe(false);
  });

  it('small results stay one plain res frame', async () => {
    const { transport } = await open(['chunked']);
    transport.send({ type: 'req', id: 1, method: 'echo.get', params: { text: 'hi' } });
    expect(await transport.response(1)).toEqual({ type: 'res', id: 1, result: { text: 'hi' } });
  });

  it('cancel while chunks are held back by a slow client: CANCELLED, no further chunk, no trailer', async () => {
    const { transport } = await open(['chunked'], { chunkedWriteHighWaterBytes: MAX });
    transport.buffered = 10 * MAX; // the client is not reading
    transport.send({ type: 'req', id: 1, method: 'big.result', params: { bytes: 1_000_000 } });
    await settle();
    expect(transport.frames().filter((f) => f.type === 'chunk')).toHaveLength(0);
    transport.send({ type: 'cancel', id: 1 });
    expect(await transport.response(1)).toMatchObject({ error: { code: 'CANCELLED' } });
    transport.buffered = 0;
    await settle(30);
    expect(transport.frames().filter((f) => f.type === 'chunk' || ('chunked' in f))).toHaveLength(0);
  });

  it('other requests are answered between the chunks of a large one', async () => {
    const { transport } = await open(['chunked']);
    transport.send({ type: 'req', id: 1, method: 'big.result', params: { bytes: 2_000_000 } });
    await transport.waitFor((f) => f.type === 'chunk');
    transport.send({ type: 'req', id: 2, method: 'echo.get', params: { text: 'quick' } });
    await transport.response(1);
    const order = transport.frames().map((f) => (f.type === 'res' ? `res${String(f.id)}` : f.type));
    expect(order.indexOf('res2')).toBeLessThan(order.indexOf('res1'));
  });
});

describe('chunked requests', () => {
  const gateways = Array.from({ length: 4000 }, (_, i) => ({ name: `gw-${i}-${'é'.repeat(10)}`, port: 5060 }));

  it('params over the frame limit sent as chunks reach the handler whole', async () => {
    const { transport } = await open();
    const body = JSON.stringify({ gateways });
    const parts = splitChunks(body, MAX);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((data, seq) => transport.send({ type: 'chunk', id: 7, seq, data }));
    transport.send({ type: 'req', id: 7, method: 'gateway.set', chunked: { chunks: parts.length, bytes: Buffer.byteLength(body) } });
    expect(await transport.response(7)).toEqual({ type: 'res', id: 7, result: { count: 4000 } });
  });

  it('a missing chunk fails that request with INVALID_FRAME naming the counts; the connection lives on', async () => {
    const { transport } = await open();
    const body = JSON.stringify({ gateways });
    const parts = splitChunks(body, MAX);
    parts.forEach((data, seq) => seq !== 1 && transport.send({ type: 'chunk', id: 8, seq, data }));
    transport.send({ type: 'req', id: 8, method: 'gateway.set', chunked: { chunks: parts.length, bytes: Buffer.byteLength(body) } });
    const res = await transport.response(8);
    expect(res).toMatchObject({ error: { code: 'INVALID_FRAME' } });
    expect(transport.frames().find((f) => f.type === 'error')).toMatchObject({ error: { code: 'INVALID_FRAME', data: { seq: 2, expected: 1 } } });
    transport.send({ type: 'req', id: 9, method: 'echo.get', params: { text: 'alive' } });
    expect(await transport.response(9)).toMatchObject({ result: { text: 'alive' } });
  });

  it('chunks beyond maxChunkedBytes are dropped and the request is answered FRAME_TOO_LARGE', async () => {
    const { transport } = await open(undefined, { maxChunkedBytes: 100_000 });
    const body = JSON.stringify({ gateways });
    const parts = splitChunks(body, MAX);
    parts.forEach((data, seq) => transport.send({ type: 'chunk', id: 3, seq, data }));
    transport.send({ type: 'req', id: 3, method: 'gateway.set', chunked: { chunks: parts.length, bytes: Buffer.byteLength(body) } });
    expect(await transport.response(3)).toMatchObject({ error: { code: 'FRAME_TOO_LARGE', data: { maxChunkedBytes: 100_000 } } });
    expect(transport.frames().filter((f) => f.type === 'error')).toHaveLength(1);
  });
});
