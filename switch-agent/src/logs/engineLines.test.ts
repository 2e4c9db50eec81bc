import { describe, expect, it } from 'vitest';
import { engineLinesToRing, kamailioRecords } from './engineLines';
import { LogRing } from './logRing';

// Measured: two workers' records on one line, the first a rtpengine-module warning without a newline.
const MIXED =
  ' 3(30847) WARNING: {1 1 INVITE m-5} rtpengine [rtpengine.c:2763]: rtpp_function_call(): proxy udp:127.0.0.1:56059: Ran out of ports' +
  ' 2(30846) WARNING: {1 1 INVITE m-4} rtpengine [rtpengine.c:2763]: rtpp_function_call(): proxy udp:127.0.0.1:56059: Ran out of ports' +
  ' 3(30847) ERROR: {1 1 INVITE m-5} rtpengine [rtpengine.c:3359]: select_rtpp_node(): rtpengine failed to select new for calllen=3 callid=m-5';

describe('Kamailio records run together on one line', () => {
  it('are split where the next record header starts', () => {
    expect(kamailioRecords(MIXED).map((r) => r.trim().slice(0, 19))).toEqual(['3(30847) WARNING: {', '2(30846) WARNING: {', '3(30847) ERROR: {1 ']);
    // A level word inside a message is not a header.
    expect(kamailioRecords(' 2(21307) ERROR: <core> parse_msg(): ERROR: parse_msg: message=<x>')).toHaveLength(1);
  });

  it('reach the ring as one entry each, with their own level; other engines are not split', () => {
    const ring = new LogRing({ agent: 4, engine: 10 });
    const sink = engineLinesToRing(ring, () => 7);
    sink('kamailio', MIXED);
    sink('rtpengine', '[1.2] ERR: x 3(4) ERROR: y');
    expect(ring.entries().map((e) => [e.source, e.level])).toEqual([['kamailio', 'warn'], ['kamailio', 'warn'], ['kamailio', 'error'], ['rtpengine', 'error']]);
  });
});
