// Malformed HEP generated from a well-formed packet: every length field (the header's total and
// each chunk's) set to wrong values, with the datagram kept, cut or padded, plus truncation at
// every byte. Used by the decoder's exhaustive unit test and the listener's fuzz test.

export interface LengthField {
  /** Offset of the 16-bit length field in the packet. */
  offset: number;
  /** The correct value. */
  value: number;
  /** 'total' for the header, else the index of the chunk. */
  owner: 'total' | number;
}

/** The length fields of a well-formed HEPv3 packet, in order. */
export function lengthFields(packet: Uint8Array): LengthField[] {
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const fields: LengthField[] = [{ offset: 4, value: view.getUint16(4), owner: 'total' }];
  for (let at = 6, i = 0; at + 6 <= packet.length; i++) {
    const len = view.getUint16(at + 4);
    fields.push({ offset: at + 4, value: len, owner: i });
    if (len < 6) break;
    at += len;
  }
  return fields;
}

export function withLength(packet: Uint8Array, offset: number, value: number): Uint8Array {
  const out = packet.slice();
  out[offset] = (value >> 8) & 0xff;
  out[offset + 1] = value & 0xff;
  return out;
}

/** Wrong values worth trying for a field whose right value is `right`, in a packet of `size` bytes. */
export function wrongValues(right: number, size: number, fieldOffset: number): number[] {
  const chunkStart = fieldOffset - 4;
  const toEnd = size - chunkStart;
  const set = new Set([0, 1, 2, 5, 6, 7, right - 1, right + 1, right * 2, toEnd, toEnd + 1, toEnd - 1, size, size + 1, 0x7fff, 0x8000, 0xfffe, 0xffff]);
  return [...set].filter((v) => v >= 0 && v <= 0xffff && v !== right).sort((a, b) => a - b);
}

/**
 * Every way of getting the lengths wrong that we know:
 *  - each length field set to every value 0–65535 other than the right one (datagram unchanged)
 *    when `exhaustive`, else to the interesting values of `wrongValues`;
 *  - each chunk length wrong with the datagram cut or padded so the header's total still matches;
 *  - the packet cut after every byte, and with trailing bytes.
 */
export function* malformedHep(packet: Uint8Array, exhaustive = false): Generator<{ what: string; bytes: Uint8Array }> {
  const fields = lengthFields(packet);
  for (const f of fields) {
    const values = exhaustive ? Array.from({ length: 0x10000 }, (_, i) => i).filter((v) => v !== f.value) : wrongValues(f.value, packet.length, f.offset);
    for (const v of values) yield { what: `${f.owner === 'total' ? 'total' : `chunk ${f.owner}`} length ${v} (right: ${f.value})`, bytes: withLength(packet, f.offset, v) };
  }
  for (const f of fields) {
    if (f.owner === 'total') continue;
    const chunkStart = f.offset - 4;
    for (const v of wrongValues(f.value, packet.length, f.offset)) {
      // Resize the datagram to end where the wrong chunk length says the chunk ends, and fix the
      // header's total, so the decoder has to find the problem in the chunk walk.
      const size = Math.min(0xffff, chunkStart + v);
      const bytes = new Uint8Array(Math.max(size, 6));
      bytes.set(packet.subarray(0, Math.min(packet.length, bytes.length)));
      const resized = withLength(withLength(bytes, 4, bytes.length), f.offset, v);
      yield { what: `chunk ${f.owner} length ${v} with total ${bytes.length}`, bytes: resized };
    }
  }
  for (let cut = 0; cut < packet.length; cut++) {
    yield { what: `cut to ${cut} bytes`, bytes: packet.slice(0, cut) };
    if (cut >= 6) yield { what: `cut to ${cut} bytes, total fixed`, bytes: withLength(packet.slice(0, cut), 4, cut) };
  }
  for (const extra of [1, 5, 6, 7, 100]) {
    const longer = new Uint8Array(packet.length + extra);
    longer.set(packet);
    yield { what: `${extra} trailing bytes`, bytes: longer };
    yield { what: `${extra} trailing bytes, total fixed`, bytes: withLength(longer, 4, longer.length) };
  }
}
