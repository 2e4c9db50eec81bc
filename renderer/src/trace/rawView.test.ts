import { describe, expect, it } from 'vitest';
import { rawView, segmentsOf } from './rawView';

const INVITE = 'INVITE sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK1\r\nCall-ID: abc@x\r\n i: folded\r\nContent-Length: 9\r\n\r\nv=0\r\no=x\r\n';

describe('raw message view', () => {
  it('splits the start line, headers (name apart), the blank line and the body', () => {
    const v = rawView(INVITE);
    expect(v.lines.map((l) => l.kind)).toEqual(['start', 'header', 'header', 'header', 'header', 'blank', 'body', 'body']);
    expect(v.lines.map((l) => l.name)).toEqual(['', 'Via', 'Call-ID', '', 'Content-Length', '', '', '']);
    expect(v.lines[2]!.segments.map((s) => s.text).join('')).toBe(': abc@x');
  });

  it('marks every match of a search, not case-sensitive, in names and values', () => {
    const v = rawView(INVITE, 'call');
    expect(v.hits).toBe(1);
    expect(rawView(INVITE, '127.0.0').hits).toBe(2);
    expect(segmentsOf('aXbxc', 'x')).toEqual([{ text: 'a', hit: false }, { text: 'X', hit: true }, { text: 'b', hit: false }, { text: 'x', hit: true }, { text: 'c', hit: false }]);
    // A search is text, never a pattern.
    expect(rawView(INVITE, '.*').hits).toBe(0);
  });
});
