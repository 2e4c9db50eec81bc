import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { AgentFrameSchema, parseFrame, utf8ByteLength } from './frames';
import { RpcError } from './errors';

// shared/ compiles without DOM or node types; the test runner (node) has TextEncoder anyway.
const { TextEncoder: Encoder } = globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } };

const hello = { type: 'hello', protocol: 1, client: { name: 'switchdeck', version: '0.1.0', user: 'ops' } };

describe('parseFrame (frames an agent receives)', () => {
  it('accepts every client frame type', () => {
    const lines = [
      hello,
      { type: 'req', id: 1, method: 'config.get', params: { a: 1 } },
      { type: 'req', id: 'x-1', method: 'monitor.latest' },
      { type: 'cancel', id: 1 },
      { type: 'credit', subId: 's1', credit: 100 },
    ];
    for (const f of lines) {
      const r = parseFrame(JSON.stringify(f), 1024);
      expect(r.ok, JSON.stringify(f)).toBe(true);
    }
  });

  it('refuses escaped lone surrogates (text that is not Unicode), naming the field and answering the request', () => {
    const r = parseFrame('{"type":"req","id":7,"method":"config.get","params":{"comment":"a\\ud800b"}}', 1024);
    expect(r).toMatchObject({ ok: false, id: 7, error: { code: 'INVALID_FRAME' } });
    if (!r.ok) {
      expect(r.error.message).toBe("invalid 'req' frame: params.comment: text contains an unpaired surrogate escape (\\ud800); only valid Unicode is allowed");
      expect(r.error.data).toMatchObject({ path: 'params.comment' });
    }
    const key = parseFrame('{"type":"req","id":8,"method":"x","params":{"\\udc00":1}}', 1024);
    expect(key).toMatchObject({ ok: false, id: 8, error: { code: 'INVALID_FRAME' } });
    const deep = parseFrame('{"type":"event","name":"e","data":[1,{"t":"\\udfff"}]}', 1024, 'agent');
    expect(deep).toMatchObject({ ok: false, error: { code: 'INVALID_FRAME', data: { path: 'data[1].t' } } });
    // A correctly paired escape is fine.
    expect(parseFrame('{"type":"req","id":9,"method":"x","params":{"e":"\\ud83d\\ude00"}}', 1024).ok).toBe(true);
  });

  it('PARSE_ERROR for text that is not JSON', () => {
    const r = parseFrame('{"type":', 1024);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(RpcError);
      expect(r.error.code).toBe('PARSE_ERROR');
    }
  });

  it('INVALID_FRAME for JSON that is not an object, has no type, or an unknown type', () => {
    for (const [line, message] of [
      ['[]', 'a frame must be a JSON object'],
      ['42', 'a frame must be a JSON object'],
      ['{"id":1}', "frame has no string field 'type'"],
      ['{"type":"res","id":1,"result":null}', "unknown frame type 'res'"],
    ] as const) {
      const r = parseFrame(line, 1024);
      expect(r.ok ? null : { code: r.error.code, message: r.error.message }).toEqual({ code: 'INVALID_FRAME', message });
    }
  });

  it('INVALID_FRAME names the bad field, and returns the id of a broken request', () => {
    const r = parseFrame(JSON.stringify({ type: 'req', id: 'r7', method: 42 }), 1024);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/^invalid 'req' frame: method: /);
      expect(r.id).toBe('r7');
    }
    const credit = parseFrame(JSON.stringify({ type: 'credit', subId: 's1', credit: 0 }), 1024);
    expect(credit.ok ? '' : credit.error.message).toContain('credit');
  });

  it('rejects negative, fractional and overlong ids', () => {
    for (const id of [-1, 1.5, '', 'x'.repeat(65), null]) {
      expect(parseFrame(JSON.stringify({ type: 'cancel', id }), 1024).ok).toBe(false);
    }
  });

  it('FRAME_TOO_LARGE counts UTF-8 bytes, not characters', () => {
    const line = JSON.stringify({ ...hello, client: { ...hello.client, user: '用户'.repeat(10) } });
    const bytes = utf8ByteLength(line);
    expect(bytes).toBe(line.length + 40);
    expect(parseFrame(line, bytes).ok).toBe(true);
    const r = parseFrame(line, bytes - 1);
    expect(r.ok ? null : r.error.code).toBe('FRAME_TOO_LARGE');
  });

  it('ignores unknown extra fields (forward compatibility)', () => {
    const r = parseFrame(JSON.stringify({ type: 'cancel', id: 3, reason: 'user closed tab' }), 1024);
    expect(r).toEqual({ ok: true, frame: { type: 'cancel', id: 3 } });
  });
});

describe('parseFrame (frames a client receives)', () => {
  it('accepts agent frames and enforces one-of rules', () => {
    const ok = [
      { type: 'hello', protocol: 1, agent: { version: '1', hostname: 'h' }, role: 'view', capabilities: [], maxFrameBytes: 1048576 },
      { type: 'res', id: 1, result: null },
      { type: 'res', id: 1, error: { code: 'SOME_FUTURE_CODE', message: 'm' } },
      { type: 'event', name: 'config.changed', data: { revision: 3 } },
      { type: 'data', subId: 's1', seq: 0, items: [1] },
      { type: 'data', subId: 's1', seq: 5, dropped: 3 },
      { type: 'end', subId: 's1', seq: 8 },
      { type: 'error', error: { code: 'PARSE_ERROR', message: 'x' }, fatal: false },
    ];
    for (const f of ok) expect(parseFrame(JSON.stringify(f), 4096, 'agent').ok, JSON.stringify(f)).toBe(true);
    const bad = [
      { type: 'res', id: 1 },
      { type: 'res', id: 1, result: 1, error: { code: 'INTERNAL', message: 'm' } },
      { type: 'data', subId: 's1', seq: 0 },
      { type: 'data', subId: 's1', seq: 0, items: [1], dropped: 2 },
      { type: 'data', subId: 's1', seq: 0, items: [] },
      { type: 'req', id: 1, method: 'x' },
    ];
    for (const f of bad) expect(parseFrame(JSON.stringify(f), 4096, 'agent').ok, JSON.stringify(f)).toBe(false);
  });

  it('property: JSON.stringify never emits a raw newline, so every frame is one line', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        const line = JSON.stringify({ type: 'event', name: 'x', data });
        expect(line.includes('\n')).toBe(false);
        expect(AgentFrameSchema.safeParse(JSON.parse(line)).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('property: utf8ByteLength agrees with a real encoder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(utf8ByteLength(s)).toBe(new Encoder().encode(s).length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('client hello text fields', () => {
  it('refuses control characters, naming the field', () => {
    for (const [field, value] of [
      ['name', 'switch\u001b[2Jdeck'],
      ['user', 'alice\nlevel=error forged line'],
      ['version', '1.0\u0085'],
      ['user', 'bob\u202eevil'],
    ] as const) {
      const frame = { ...hello, client: { ...hello.client, [field]: value } };
      const r = parseFrame(JSON.stringify(frame), 1024 * 1024);
      expect(r.ok, field).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_FRAME');
        expect(r.error.message).toContain(`client.${field}: must not contain control characters`);
      }
    }
  });

  it('accepts printable text in any script', () => {
    const frame = { ...hello, client: { name: 'switchdeck', version: '0.4.0-beta', user: 'Zoë 山田 (ops)' } };
    expect(parseFrame(JSON.stringify(frame), 1024).ok).toBe(true);
  });
});
