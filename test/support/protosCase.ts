// PROTOS c07-sip cases (GPLv2 test input, never copied into this repository): each file holds
// `<length> <INVITE template>` then `<length> <teardown template>`, with placeholders such as
// `<From-Address>` to fill before sending. Pure functions; strings are latin1 (one char per byte).

export interface ProtosCase { readonly invite: string; readonly teardown: string }

/** Splits a case file into its two length-prefixed templates; throws when the file is not in that form. */
export function parseProtosCase(text: string): ProtosCase {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length && parts.length < 2) {
    const m = /^(\d+) /.exec(text.slice(i, i + 16));
    if (!m) throw new Error(`no "<length> " at byte ${i}`);
    const start = i + m[0].length;
    const end = start + Number(m[1]);
    if (end > text.length) throw new Error(`template at byte ${start} is shorter than its length ${m[1]}`);
    parts.push(text.slice(start, end));
    i = end;
  }
  const [invite, teardown] = parts;
  if (invite === undefined || teardown === undefined) throw new Error('a case needs two templates');
  return { invite, teardown };
}

export interface ProtosValues {
  /** Request URI / To target, e.g. `100@127.0.0.1:5070`. */
  readonly to: string;
  /** From / Contact URI body, e.g. `protos@127.0.0.9`. */
  readonly from: string;
  readonly fromAddress: string;
  readonly localPort: number;
  readonly callId: string;
  readonly branch: string;
  readonly cseq: number;
  readonly teardownMethod: string;
}

/** Fills the placeholders; `<Content-Length>` becomes the byte length of the filled body. */
export function fillProtosTemplate(template: string, v: ProtosValues): string {
  const filled = template
    .replaceAll('<To>', v.to)
    .replaceAll('<From>', v.from)
    .replaceAll('<From-Address>', v.fromAddress)
    .replaceAll('<From-IP>', v.fromAddress)
    .replaceAll('<Local-Port>', String(v.localPort))
    .replaceAll('<Call-ID>', v.callId)
    .replaceAll('<Branch-ID>', v.branch)
    .replaceAll('<CSeq>', String(v.cseq))
    .replaceAll('<Teardown-Method>', v.teardownMethod);
  const sep = filled.indexOf('\r\n\r\n');
  const bodyLength = sep < 0 ? 0 : filled.length - sep - 4;
  return filled.replaceAll('<Content-Length>', String(bodyLength));
}
