// Reads rtpengine's ng `query` reply (10.5) into a call's media: per leg (rtpengine's "tags",
// one per SIP tag) the streams with rtpengine's own port, the far end and the packets relayed,
// the call's RTP totals, and the worst loss and jitter of the RTCP reports it read (the "SSRC"
// section, present only when RTCP flowed). Pure and total: unknown shapes give empty parts.
import type { CallMedia } from '@shared/rpc/callsApi';
import type { DialogKeys } from './dialogParse';

type Dict = Record<string, unknown>;
const dict = (v: unknown): Dict => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Dict) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : null);

function address(v: unknown): string | null {
  const e = dict(v);
  const ip = text(e.address);
  const port = count(e.port);
  return ip && port > 0 ? `${ip}:${port}` : null;
}

function streams(tag: Dict): CallMedia['legs'][number]['streams'] {
  const out: CallMedia['legs'][number]['streams'] = [];
  for (const m of list(tag.medias)) {
    for (const raw of list(dict(m).streams)) {
      const s = dict(raw);
      const flags = list(s.flags).map(text);
      const stats = dict(s.stats);
      const localIp = text(s['local address']) ?? '';
      out.push({
        kind: flags.includes('RTCP') ? 'rtcp' : 'rtp',
        local: `${localIp}:${count(s['local port'])}`.slice(0, 64),
        remote: address(s.endpoint),
        packets: count(stats.packets),
        bytes: count(stats.bytes),
        errors: count(stats.errors),
      });
      if (out.length === 8) return out;
    }
  }
  return out;
}

/** The worst value of `field` among the SSRC entries' MOS reports ("average/lowest/highest MOS"). */
function worstReport(ssrc: Dict, field: string, scale: number): number | null {
  let worst: number | null = null;
  for (const entry of Object.values(ssrc)) {
    for (const key of ['average MOS', 'lowest MOS', 'highest MOS']) {
      const v = num(dict(dict(entry)[key])[field]);
      if (v !== null) worst = Math.max(worst ?? 0, v / scale);
    }
  }
  return worst;
}

export function parseMedia(reply: Dict, keys: DialogKeys, at: number): CallMedia {
  const tags = dict(reply.tags);
  const legs: CallMedia['legs'] = [];
  for (const [leg, tag] of [['caller', keys.callerTag], ['callee', keys.calleeTag]] as const) {
    if (tag && tags[tag]) legs.push({ leg, streams: streams(dict(tags[tag])) });
  }
  const rtp = dict(dict(reply.totals).RTP);
  const ssrc = dict(reply.SSRC);
  const loss = worstReport(ssrc, 'packet loss', 1);
  // rtpengine reports jitter in the RTCP units it read; it states them as ms in its MOS entries.
  const jitter = worstReport(ssrc, 'jitter', 1);
  return {
    at,
    legs,
    rtp: { packets: count(rtp.packets), bytes: count(rtp.bytes), errors: count(rtp.errors) },
    lossPct: loss === null ? null : Math.min(100, loss),
    jitterMs: jitter,
  };
}
