/**
 * The browser shell's HostApi endpoint: a WebSocket at /host on the shell's own 127.0.0.1 server.
 * Only a page the shell served may use it: the upgrade must present the per-start token (query
 * `?token=`; the page reads it from the `#token=` fragment of the URL the shell prints, so it never
 * reaches a server log, a Referer or a cookie) and an Origin equal to the shell's own. Frames are
 * hostWire JSON text messages; every event goes to every open socket.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { HOST_WIRE_MAX_MESSAGE_BYTES, HOST_WS_PATH, HOST_WS_TOKEN_PARAM, HostRequestFrameSchema, type HostServerFrame } from '@shared/rpc/hostWire';
import type { Host } from '../core';

/** A client this far behind on events is cut off rather than buffered without bound. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface HostSocketOptions {
  host: Host;
  token: string;
  /** The shell's own origin, e.g. http://127.0.0.1:43123. */
  origin: string;
  maxMessageBytes?: number;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 | 404; reason: string };

/** Pure: may this upgrade request reach the HostApi? */
export function checkUpgrade(req: Pick<IncomingMessage, 'url' | 'headers'>, token: string, origin: string): UpgradeVerdict {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== HOST_WS_PATH) return { ok: false, status: 404, reason: 'no such endpoint' };
  if (req.headers.origin !== origin) return { ok: false, status: 403, reason: 'origin not allowed' };
  if (!sameSecret(url.searchParams.get(HOST_WS_TOKEN_PARAM) ?? '', token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface HostSocketEndpoint {
  /** Open sockets. */
  readonly clients: number;
  close(): Promise<void>;
}

export function attachHostSocket(server: Server, opts: HostSocketOptions): HostSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes ?? HOST_WIRE_MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkUpgrade(req, opts.token, opts.origin);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  };
  server.on('upgrade', onUpgrade);

  const send = (ws: WebSocket, frame: HostServerFrame) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'client too slow: reload the page');
      return;
    }
    ws.send(JSON.stringify(frame));
  };

  const offEvents = opts.host.onEvent((event, payload) => {
    for (const ws of sockets) send(ws, { event, payload });
  });

  function serve(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const frame = isBinary ? null : parseFrame(data);
      if (!frame) {
        // Without a readable id there is nobody to answer: the peer is broken, so it is cut off.
        ws.close(1008, 'expected a JSON request frame {id, method, params}');
        return;
      }
      void opts.host.call(frame.method, frame.params).then((outcome) =>
        send(ws, outcome.ok ? { id: frame.id, result: outcome.result } : { id: frame.id, error: outcome.error }),
      );
    });
  }

  return {
    get clients() {
      return sockets.size;
    },
    close: () => {
      offEvents();
      server.off('upgrade', onUpgrade);
      for (const ws of sockets) ws.close(1001, 'shell stopping');
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

function parseFrame(data: RawData): { id: number; method: string; params: unknown } | null {
  try {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed = HostRequestFrameSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
