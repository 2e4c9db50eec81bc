// Keyset cursor of cdr.search pages: the (start_time, id) of the last row returned, opaque to
// clients. Pages walk newest first, so the next page is everything strictly before it.
export function encodeCdrCursor(startTime: number, id: number): string {
  return Buffer.from(`${startTime}:${id}`).toString('base64url');
}

export function decodeCdrCursor(cursor: string): { startTime: number; id: number } {
  const m = /^(\d{1,12}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new Error('cursor: not a cursor returned by cdr.search');
  return { startTime: Number(m[1]), id: Number(m[2]) };
}
