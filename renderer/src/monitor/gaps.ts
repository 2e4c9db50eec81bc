/**
 * Where the agent has no data (it was stopped, the server was unreachable, a series did not exist
 * yet), a chart must show a hole, not a straight line pretending values were there. Rows are
 * placed in the middle of the stretch each point covers, so two neighbours touch when their
 * centres are half of each width apart; more than GAP_POINTS missing points between them is a gap.
 * A missed sample or two under load is not: a line that flickers into pieces helps nobody.
 */
import type { Row } from './downsample';
import { bandKeys, GAP_KEY, WIDTH_KEY } from './rowKeys';

const GAP_POINTS = 2;
const DEFAULT_WIDTH_MS = 1000;

/** The rows with one all-empty row (flagged GAP_KEY) inside every gap. */
export function withGaps(rows: readonly Row[], keys: readonly string[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!;
    const prev = rows[i - 1];
    if (prev) {
      const wa = prev[WIDTH_KEY] ?? DEFAULT_WIDTH_MS;
      const wb = row[WIDTH_KEY] ?? DEFAULT_WIDTH_MS;
      const missing = row.t - prev.t - (wa + wb) / 2;
      if (missing > GAP_POINTS * Math.max(wa, wb)) out.push(gapRow(prev.t + wa / 2 + missing / 2, keys));
    }
    out.push(row);
  }
  return out;
}

function gapRow(t: number, keys: readonly string[]): Row {
  const row: Row = { t, [WIDTH_KEY]: null, [GAP_KEY]: 1 };
  for (const k of keys) {
    const b = bandKeys(k);
    row[k] = null;
    row[b.lo] = null;
    row[b.hi] = null;
  }
  return row;
}
