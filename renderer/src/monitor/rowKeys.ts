// Keys a chart row holds beside each series' value (its id): series ids never contain ':' at the
// end of a prefix like these, so they cannot collide.

/** Row keys of a series' band: the lowest and highest value within each point. */
export const bandKeys = (id: string) => ({ lo: `lo:${id}`, hi: `hi:${id}` });

/** Row key of how long a stretch (ms) the row's values stand for. */
export const WIDTH_KEY = 'width:';

/** Row key set to 1 on a row standing for a stretch without data: lines break there. */
export const GAP_KEY = 'gap:';
