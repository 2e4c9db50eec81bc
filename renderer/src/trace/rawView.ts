/**
 * A raw SIP message cut into lines for display: the start line, headers (name and value apart so
 * names can be highlighted), the blank line and the body; and the places a search matches.
 */

export type RawLineKind = 'start' | 'header' | 'blank' | 'body';

export interface Segment {
  text: string;
  /** Part of a search match. */
  hit: boolean;
}

export interface RawLine {
  kind: RawLineKind;
  /** For headers: the name (without the colon). */
  name: string;
  /** The rest of the line after the name, cut into segments by the search. */
  segments: Segment[];
  /** Segments of the header name (empty for other kinds). */
  nameSegments: Segment[];
}

export interface RawView {
  lines: RawLine[];
  hits: number;
}

/** Splits `text` where `query` occurs, not case-sensitive; a plain substring, never a pattern. */
export function segmentsOf(text: string, query: string): Segment[] {
  if (query === '') return text === '' ? [] : [{ text, hit: false }];
  const out: Segment[] = [];
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  let at = 0;
  for (;;) {
    const i = hay.indexOf(needle, at);
    if (i < 0) break;
    if (i > at) out.push({ text: text.slice(at, i), hit: false });
    out.push({ text: text.slice(i, i + needle.length), hit: true });
    at = i + needle.length;
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}

const HEADER = /^([!-9;-~]+)[ \t]*:/;

export function rawView(raw: string, query = ''): RawView {
  const text = raw.replace(/\r\n/g, '\n');
  const parts = text.split('\n');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const lines: RawLine[] = [];
  let inBody = false;
  parts.forEach((line, i) => {
    if (inBody) {
      lines.push({ kind: 'body', name: '', nameSegments: [], segments: segmentsOf(line, query) });
      return;
    }
    if (i > 0 && line === '') {
      inBody = true;
      lines.push({ kind: 'blank', name: '', nameSegments: [], segments: [] });
      return;
    }
    const m = i > 0 && !/^[ \t]/.test(line) ? HEADER.exec(line) : null;
    if (m) {
      const name = m[1]!;
      lines.push({ kind: 'header', name, nameSegments: segmentsOf(name, query), segments: segmentsOf(line.slice(name.length), query) });
    } else {
      lines.push({ kind: i === 0 ? 'start' : 'header', name: '', nameSegments: [], segments: segmentsOf(line, query) });
    }
  });
  const hits = lines.reduce((sum, l) => sum + l.segments.filter((s) => s.hit).length + l.nameSegments.filter((s) => s.hit).length, 0);
  return { lines, hits };
}
