/**
 * Writes one large response as chunk frames (PROTOCOL.md §5.2) without letting the queue towards
 * the client grow past a high-water mark: it pauses until the transport drains, so a 10 MB result
 * costs the agent its serialized text plus a few frames, never a second copy in the socket buffer.
 * Other responses and events interleave between chunks; a cancelled or timed-out request stops it.
 */
import type { ChunkedTrailer } from '@shared/rpc/chunking';
import type { RequestId } from '@shared/rpc/frames';

export interface ChunkSink {
  write(line: string): void;
  bufferedBytes(): number;
  /** Resolves when the queue drained (or the connection closed). */
  drained(): Promise<void>;
}

/**
 * Streams a result as chunk frames for `id`: `parts` are the chunks' data already JSON-encoded
 * (./resultText), `bodyBytes` the UTF-8 size of the whole text. Returns the trailer once every
 * chunk is written, or undefined when `stopped()` turned true on the way.
 */
export async function writeChunks(
  id: RequestId,
  parts: readonly string[],
  bodyBytes: number,
  highWaterBytes: number,
  sink: ChunkSink,
  stopped: () => boolean,
): Promise<ChunkedTrailer | undefined> {
  const idJson = JSON.stringify(id);
  for (let seq = 0; seq < parts.length; seq++) {
    while (sink.bufferedBytes() > highWaterBytes) {
      await sink.drained();
      if (stopped()) return undefined;
    }
    if (stopped()) return undefined;
    sink.write(`{"type":"chunk","id":${idJson},"seq":${seq},"data":${parts[seq]}}`);
    // Let other requests, responses and the cancel frame in between chunks.
    if (seq % 4 === 3) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { chunks: parts.length, bytes: bodyBytes };
}
