import { describe, expect, it } from 'vitest';
import { callItems } from '../../../test/doubles/renderer/traceItems';
import { fitColumnWidth, fitLabel, formatDelta, layoutLadder, LADDER_GEOMETRY as G, MAX_COLUMN, MIN_COLUMN } from './ladder';

describe('ladder layout', () => {
  it('gives one column per address in order of first appearance and one arrow per message', () => {
    const l = layoutLadder(callItems());
    expect(l.columns.map((c) => c.label)).toEqual(['127.0.0.2:5070', '127.0.0.1:5060', '127.0.0.4:5080']);
    const [caller, proxy, gw] = l.columns.map((c) => c.x);
    expect(l.rows).toHaveLength(13);
    expect(l.rows[0]).toMatchObject({ fromX: caller, toX: proxy, label: 'INVITE', kind: 'request', deltaMs: null });
    expect(l.rows[1]).toMatchObject({ fromX: proxy, toX: caller, label: '100 trying -- your call is important to us', kind: 'provisional', deltaMs: 25 });
    expect(l.rows[2]).toMatchObject({ fromX: proxy, toX: gw });
    expect(l.rows[5]).toMatchObject({ fromX: gw, toX: proxy, label: '200 OK', kind: 'success' });
    // Rows go down evenly and the picture is exactly big enough.
    expect(l.rows.map((r) => r.y)).toEqual(l.rows.map((_, i) => G.headerHeight + G.rowHeight * i + G.rowHeight * 0.75));
    expect(l.width).toBe(G.gutter + 3 * G.columnWidth);
    expect(l.height).toBeGreaterThan(l.rows[12]!.y);
  });

  it('draws a message to its own address as a loop and survives an empty dialog', () => {
    const [first] = callItems();
    const self = layoutLadder([{ ...first!, dst: first!.src }]);
    expect(self.columns).toHaveLength(1);
    expect(self.rows[0]!.self).toBe(true);
    expect(layoutLadder([])).toMatchObject({ columns: [], rows: [] });
  });

  it('formats the time between messages briefly', () => {
    expect([0, 35, 1250, 12_345, 125_000].map(formatDelta)).toEqual(['+0 ms', '+35 ms', '+1.25 s', '+12.3 s', '+2 min 5 s']);
  });
});

describe('ladder column width', () => {
  it('fits the columns into the pane, within readable bounds', () => {
    expect(fitColumnWidth(92 + 3 * 150, 3)).toBe(150);
    expect(fitColumnWidth(400, 3)).toBe(MIN_COLUMN);
    expect(fitColumnWidth(3000, 2)).toBe(MAX_COLUMN);
    expect(fitColumnWidth(0, 3)).toBe(G.columnWidth);
    expect(fitLabel('200 OK', 150)).toBe('200 OK');
    expect(fitLabel('100 trying -- your call is important to us', 150)).toBe('100 trying -- your…');

  });
});
