/**
 * The JSON text of a result, and its chunk frames' data, kept per result object. The dispatcher
 * hands out the same validated object for a result it has seen (it is never mutated, see
 * Dispatcher.call), so every client opening an unchanged 10,000-gateway configuration gets text
 * serialized and escaped once, not ~9 MB of JSON.stringify per read.
 */
import { splitChunks } from '@shared/rpc/chunking';

interface ResultText {
  body: string;
  bytes: number;
  /** Chunk data as JSON strings, by frame limit (one limit per agent in practice). */
  chunks?: { maxFrameBytes: number; data: readonly string[] };
}

/** Small results are not worth remembering: the cache is for the few large ones. */
const REMEMBER_FROM_BYTES = 64 * 1024;
const texts = new WeakMap<object, ResultText>();

/** JSON text of objects found in arrays (one gateway each, in a configuration), by object. */
const elementTexts = new WeakMap<object, string>();
/** Objects whose owner promises they are never mutated: only their text is remembered. */
const frozenValues = new WeakSet<object>();

/** Lets stringifyReusing remember `value`'s text: the caller promises never to mutate it. */
export function neverMutated<T extends object>(value: T): T {
  frozenValues.add(value);
  return value;
}

/**
 * Exactly JSON.stringify(value), except that an object inside an array that was declared
 * neverMutated is serialized once: the first read of a new revision then serializes the gateways
 * that changed and joins the text of the others.
 */
export function stringifyReusing(value: unknown, inArray = false): string | undefined {
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return JSON.stringify(value);
  }
  const reuse = inArray && frozenValues.has(value);
  if (reuse) {
    const known = elementTexts.get(value);
    if (known !== undefined) return known;
  }
  let text: string;
  if (Array.isArray(value)) {
    text = `[${value.map((v: unknown) => stringifyReusing(v, true) ?? 'null').join(',')}]`;
  } else {
    const members: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const t = stringifyReusing(v);
      if (t !== undefined) members.push(`${JSON.stringify(k)}:${t}`);
    }
    text = `{${members.join(',')}}`;
  }
  if (reuse) elementTexts.set(value, text);
  return text;
}

export function resultText(result: unknown): ResultText {
  const key = typeof result === 'object' && result !== null ? result : undefined;
  const hit = key && texts.get(key);
  if (hit) return hit;
  const body = stringifyReusing(result === undefined ? null : result) ?? 'null';
  const text: ResultText = { body, bytes: Buffer.byteLength(body) };
  if (key && text.bytes >= REMEMBER_FROM_BYTES) texts.set(key, text);
  return text;
}

/** The `data` member of each chunk frame (PROTOCOL.md §5.2), already JSON-encoded. */
export function chunkData(text: ResultText, maxFrameBytes: number): readonly string[] {
  if (text.chunks?.maxFrameBytes === maxFrameBytes) return text.chunks.data;
  const data = splitChunks(text.body, maxFrameBytes).map((part) => JSON.stringify(part));
  text.chunks = { maxFrameBytes, data };
  return data;
}
