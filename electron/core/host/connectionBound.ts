/**
 * The bound on live connections (SSH session + agent link per server). The fleet overview does not
 * need a live connection per server (its sweep uses short one-off ones), so only servers in use
 * keep theirs: when one more would pass the bound, the least recently used idle one is closed.
 * A server with a terminal open, or still connecting or asking a question, is never closed for this.
 */
export const DEFAULT_MAX_LIVE_CONNECTIONS = 32;

export interface LiveLink {
  readonly id: string;
  /** Larger is more recent (a use counter, not a clock). */
  readonly lastUsed: number;
  readonly pinned: boolean;
}

/**
 * Which live links to close so that one more fits within `max`, least recently used first; null
 * when the pinned ones alone leave no room.
 */
export function linksToClose(live: readonly LiveLink[], max: number): string[] | null {
  const excess = live.length + 1 - Math.max(1, max);
  if (excess <= 0) return [];
  const idle = live.filter((l) => !l.pinned).sort((a, b) => a.lastUsed - b.lastUsed);
  if (idle.length < excess) return null;
  return idle.slice(0, excess).map((l) => l.id);
}
