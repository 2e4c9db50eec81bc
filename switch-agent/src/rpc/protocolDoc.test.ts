// PROTOCOL.md's examples are checked against the code, so the spec cannot drift from it again.
// The rule, stated at the top of PROTOCOL.md: every line of a ```json block is one complete frame;
// ```text blocks may shorten frames with "…" and are not parsed, but the methods and topics they
// name must exist.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AGENT_ERROR_DATA, AGENT_METHODS, isAgentMethod } from '@shared/rpc/agentApi';
import { RPC_ERROR_CODES } from '@shared/rpc/errors';
import { AGENT_EVENTS, AGENT_TOPICS } from '@shared/rpc/events';
import { SubscribeParamsSchema, SubscribeResultSchema, UnsubscribeParamsSchema, UnsubscribeResultSchema, parseFrame } from '@shared/rpc/frames';
import { DEFAULT_MAX_FRAME_BYTES } from '@shared/rpc/protocol';
import { RpcError } from '@shared/rpc/errors';
import { validateInput } from './dispatcher';

const DOC = readFileSync(new URL('../../PROTOCOL.md', import.meta.url), 'utf8');

interface Block { lang: string; line: number; lines: string[] }

/** Fenced blocks with their language and the line of the document each starts on. */
function fencedBlocks(text: string): Block[] {
  const out: Block[] = [];
  let open: Block | undefined;
  text.split('\n').forEach((raw, i) => {
    const fence = /^```(\w*)\s*$/.exec(raw);
    if (fence && !open) open = { lang: fence[1] ?? '', line: i + 1, lines: [] };
    else if (fence && open) { out.push(open); open = undefined; }
    else if (open) open.lines.push(raw);
  });
  return out;
}

type Json = Record<string, unknown>;
const has = (o: Json, k: string) => Object.hasOwn(o, k);
const problems = (schema: z.ZodType, value: unknown): string[] => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
};

/** What one block's frames get wrong; requests and subscriptions earlier in the block give responses and data their schema. */
function checkBlock(block: Block): string[] {
  const errors: string[] = [];
  const methodOf = new Map<unknown, string>();
  const topicOfReq = new Map<unknown, string>();
  const topicOfSub = new Map<string, string>();
  /** Requests with invalid params: correct only when the block answers them INVALID_PARAMS. */
  const invalid = new Map<unknown, { where: string; problems: string[]; error: Json }>();
  const chunks = new Map<unknown, string[]>();
  block.lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `PROTOCOL.md:${block.line + 1 + i}`;
    const asClient = parseFrame(line, DEFAULT_MAX_FRAME_BYTES, 'client');
    const asAgent = parseFrame(line, DEFAULT_MAX_FRAME_BYTES, 'agent');
    if (!asClient.ok && !asAgent.ok) {
      const why = asClient.error.code === 'INVALID_FRAME' && /unknown frame type/.test(asClient.error.message) ? asAgent.error : asClient.error;
      errors.push(`${where}: not a frame (${why.code}: ${why.message})`);
      return;
    }
    const f = JSON.parse(line) as Json;
    const fail = (what: string[]) => { for (const w of what) errors.push(`${where}: ${w}`); };
    if (f.type === 'chunk') {
      const got = chunks.get(f.id) ?? [];
      if (f.seq !== got.length) fail([`chunk seq ${String(f.seq)} where ${got.length} comes next`]);
      chunks.set(f.id, [...got, f.data as string]);
      return;
    }
    if (has(f, 'chunked')) {
      // A chunked message (§5.2): its chunks earlier in the block, joined, are its params or result.
      const parts = chunks.get(f.id) ?? [];
      chunks.delete(f.id);
      const text = parts.join('');
      const declared = f.chunked as Json;
      if (declared.chunks !== parts.length || declared.bytes !== Buffer.byteLength(text)) {
        fail([`chunked says ${String(declared.chunks)} chunks / ${String(declared.bytes)} bytes, the block has ${parts.length} / ${Buffer.byteLength(text)}`]);
        return;
      }
      f[f.type === 'req' ? 'params' : 'result'] = JSON.parse(text) as unknown;
    }
    switch (f.type) {
      case 'req': {
        const method = f.method as string;
        methodOf.set(f.id, method);
        if (method === 'subscribe') {
          const p = f.params as Json;
          const topic = AGENT_TOPICS[p?.topic as keyof typeof AGENT_TOPICS];
          fail(problems(SubscribeParamsSchema, p));
          if (!topic) fail([`unknown topic '${String(p?.topic)}'`]);
          else { topicOfReq.set(f.id, p.topic as string); fail(problems(topic.params, p.filter ?? {}).map((m) => `filter.${m}`)); }
        } else if (method === 'unsubscribe') fail(problems(UnsubscribeParamsSchema, f.params));
        else if (!isAgentMethod(method)) fail([`unknown method '${method}'`]);
        else {
          const found = problems(AGENT_METHODS[method].params, f.params ?? {}).map((m) => `params.${m}`);
          if (found.length > 0) invalid.set(f.id, { where, problems: found, error: agentAnswer(method, f.params) });
        }
        return;
      }
      case 'res': {
        const method = methodOf.get(f.id);
        if (has(f, 'error')) {
          const e = f.error as Json;
          const bad = invalid.get(f.id);
          if (e.code === 'INVALID_PARAMS') {
            // The documented answer must be the one the agent gives for those params.
            if (!bad) fail([`INVALID_PARAMS documented for valid params of id ${JSON.stringify(f.id)}`]);
            else if (JSON.stringify(bad.error) !== JSON.stringify(e)) fail([`the agent answers ${JSON.stringify(bad.error)}`]);
            invalid.delete(f.id);
          }
          if (!(RPC_ERROR_CODES as readonly unknown[]).includes(e.code)) fail([`unknown error code '${String(e.code)}'`]);
          const dataSchema = AGENT_ERROR_DATA[e.code as keyof typeof AGENT_ERROR_DATA] as z.ZodType | undefined;
          if (dataSchema && has(e, 'data')) fail(problems(dataSchema, e.data).map((m) => `error.data.${m}`));
          return;
        }
        if (method === undefined) { fail([`result for id ${JSON.stringify(f.id)} without its request earlier in the block`]); return; }
        const schema: z.ZodType | undefined =
          method === 'subscribe' ? SubscribeResultSchema
          : method === 'unsubscribe' ? UnsubscribeResultSchema
          : isAgentMethod(method) ? AGENT_METHODS[method].result : undefined;
        if (schema) fail(problems(schema, f.result).map((m) => `result.${m}`));
        const topic = topicOfReq.get(f.id);
        if (method === 'subscribe' && topic) topicOfSub.set((f.result as Json).subId as string, topic);
        return;
      }
      case 'event': {
        const schema = AGENT_EVENTS[f.name as keyof typeof AGENT_EVENTS] as z.ZodType | undefined;
        if (!schema) fail([`unknown event '${String(f.name)}'`]);
        else fail(problems(schema, f.data).map((m) => `data.${m}`));
        return;
      }
      case 'data': {
        const topic = topicOfSub.get(f.subId as string);
        if (topic && Array.isArray(f.items)) {
          const item = AGENT_TOPICS[topic as keyof typeof AGENT_TOPICS].item as z.ZodType;
          f.items.forEach((x, n) => fail(problems(item, x).map((m) => `items[${n}].${m}`)));
        }
        return;
      }
      default:
        return;
    }
  });
  for (const { where, problems: found } of invalid.values()) errors.push(...found.map((m) => `${where}: ${m}`));
  return errors;
}

/** The error the agent's dispatcher sends for these params (see dispatcher.ts validateInput). */
function agentAnswer(method: keyof typeof AGENT_METHODS, params: unknown): Json {
  try {
    validateInput(AGENT_METHODS[method].params, params, `params for '${method}'`, method);
  } catch (e) {
    if (e instanceof RpcError) return e.toPayload() as unknown as Json;
    throw e;
  }
  return {};
}

/** Methods and topics a shortened (```text) example names. */
function namesIn(block: Block): { methods: string[]; topics: string[] } {
  const text = block.lines.join('\n');
  return {
    methods: [...text.matchAll(/"method":"([^"]+)"/g)].map((m) => m[1] ?? ''),
    topics: [...text.matchAll(/"topic":"([^"]+)"|topic:([a-z][\w.-]*)/g)].map((m) => m[1] ?? m[2] ?? ''),
  };
}

const blocks = fencedBlocks(DOC);
const jsonBlocks = blocks.filter((b) => b.lang === 'json');
const textBlocks = blocks.filter((b) => b.lang === 'text');

describe('PROTOCOL.md examples', () => {
  it('has JSON examples to check', () => {
    expect(jsonBlocks.length).toBeGreaterThanOrEqual(5);
  });

  it('every line of every ```json block is a valid frame, and its params/result/data match the schemas', () => {
    expect(jsonBlocks.flatMap(checkBlock)).toEqual([]);
  });

  it('the shortened ```text examples name only methods and topics that exist', () => {
    const known = new Set<string>([...Object.keys(AGENT_METHODS), 'subscribe', 'unsubscribe']);
    const unknown = textBlocks.flatMap((b) => {
      const { methods, topics } = namesIn(b);
      return [
        ...methods.filter((m) => !known.has(m)).map((m) => `PROTOCOL.md:${b.line}: method '${m}'`),
        ...topics.filter((t) => !(t in AGENT_TOPICS)).map((t) => `PROTOCOL.md:${b.line}: topic '${t}'`),
      ];
    });
    expect(unknown).toEqual([]);
  });

  it('the checker itself catches a drifted example', () => {
    const drifted: Block = {
      lang: 'json',
      line: 0,
      lines: [
        '{"type":"req","id":7,"method":"config.get","params":{"section":"sip"}}',
        '{"type":"res","id":7,"result":{"revision":12,"values":{}}}',
        '{"type":"req","id":9,"method":"subscribe","params":{"topic":"logs","filter":{"series":["cpu"]},"credit":100}}',
        '{"type":"res","id":8,"error":{"code":"NO_SUCH_CODE","message":"x"}}',
        '{"type":"event","name":"config.changed","data":{"revision":13}}',
        '{"type":"req","id":4,"method":"trace.erase","params":{}}',
        '{"type":"hello","protocol":1,',
        '{"type":"req","id":11,"method":"config.history","params":{"limit":0}}',
        '{"type":"res","id":11,"error":{"code":"INVALID_PARAMS","message":"limit is wrong"}}',
      ],
    };
    const found = checkBlock(drifted).join('\n');
    for (const expected of ['params.(root): Unrecognized key', 'result.', 'filter.', "unknown error code 'NO_SUCH_CODE'", 'data.hash', "unknown method 'trace.erase'", 'not a frame (PARSE_ERROR', 'the agent answers {"code":"INVALID_PARAMS","message":"invalid params for \'config.history\': limit: Too small']) {
      expect(found).toContain(expected);
    }
  });
});
