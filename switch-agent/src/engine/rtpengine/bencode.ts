// Bencode, the encoding of rtpengine's ng control protocol. Small enough to own rather than
// add a dependency: integers, byte strings, lists and dictionaries (keys sorted on encode).
// Byte strings decode to JS strings as UTF-8 (ng replies are ASCII: SDP, call ids, keywords).
export type BValue = number | string | Buffer | BValue[] | { [key: string]: BValue };

export function bencode(v: BValue): Buffer {
  const parts: Buffer[] = [];
  const put = (x: BValue): void => {
    if (typeof x === 'number') {
      if (!Number.isInteger(x)) throw new Error(`bencode: ${x} is not an integer`);
      parts.push(Buffer.from(`i${x}e`));
    } else if (typeof x === 'string' || Buffer.isBuffer(x)) {
      const b = typeof x === 'string' ? Buffer.from(x, 'utf8') : x;
      parts.push(Buffer.from(`${b.length}:`), b);
    } else if (Array.isArray(x)) {
      parts.push(Buffer.from('l'));
      x.forEach(put);
      parts.push(Buffer.from('e'));
    } else {
      parts.push(Buffer.from('d'));
      // Keys sorted as raw byte strings, as the format requires.
      for (const k of Object.keys(x).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
        put(k);
        put(x[k] as BValue);
      }
      parts.push(Buffer.from('e'));
    }
  };
  put(v);
  return Buffer.concat(parts);
}

export type BDecoded = number | string | BDecoded[] | { [key: string]: BDecoded };

/** Decodes one value starting at `offset`; returns it and the offset after it. Throws on malformed input. */
export function bdecodeAt(buf: Buffer, offset: number, depth = 0): [BDecoded, number] {
  if (depth > 64) throw new Error('bencode: nested too deeply');
  const c = buf[offset];
  if (c === undefined) throw new Error(`bencode: unexpected end at ${offset}`);
  if (c === 0x69 /* i */) {
    const end = buf.indexOf(0x65, offset);
    const text = end < 0 ? '' : buf.toString('latin1', offset + 1, end);
    if (!/^(0|-?[1-9][0-9]*)$/.test(text)) throw new Error(`bencode: bad integer at ${offset}`);
    return [Number(text), end + 1];
  }
  if (c >= 0x30 && c <= 0x39) {
    const colon = buf.indexOf(0x3a, offset);
    const text = colon < 0 ? '' : buf.toString('latin1', offset, colon);
    if (!/^(0|[1-9][0-9]*)$/.test(text)) throw new Error(`bencode: bad string length at ${offset}`);
    const start = colon + 1;
    const end = start + Number(text);
    if (end > buf.length) throw new Error(`bencode: string past end at ${offset}`);
    return [buf.toString('utf8', start, end), end];
  }
  if (c === 0x6c /* l */ || c === 0x64 /* d */) {
    const list: BDecoded[] = [];
    let i = offset + 1;
    while (buf[i] !== 0x65) {
      if (i >= buf.length) throw new Error(`bencode: unterminated ${c === 0x6c ? 'list' : 'dict'} at ${offset}`);
      const [v, next] = bdecodeAt(buf, i, depth + 1);
      list.push(v);
      i = next;
    }
    if (c === 0x6c) return [list, i + 1];
    if (list.length % 2 !== 0) throw new Error(`bencode: dict with a key but no value at ${offset}`);
    const dict: { [key: string]: BDecoded } = {};
    for (let k = 0; k < list.length; k += 2) {
      const key = list[k];
      if (typeof key !== 'string') throw new Error(`bencode: dict key is not a string at ${offset}`);
      // Defined, not assigned: assigning a "__proto__" key would set the object's prototype (the
      // entry lost, and a reply could graft properties onto the result) instead of adding it.
      Object.defineProperty(dict, key, { value: list[k + 1] as BDecoded, enumerable: true, writable: true, configurable: true });
    }
    return [dict, i + 1];
  }
  throw new Error(`bencode: unexpected byte 0x${c.toString(16)} at ${offset}`);
}

export function bdecode(buf: Buffer): BDecoded {
  const [v, end] = bdecodeAt(buf, 0);
  if (end !== buf.length) throw new Error(`bencode: ${buf.length - end} trailing bytes`);
  return v;
}
