import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Host } from '../core';
import { attachHostSocket } from './hostSocket';
import { readStaticFile } from '../core/host/staticFiles';

export interface WebShellOptions {
  rendererDir: string;
  /** 0 picks a free port. The shell always binds 127.0.0.1: it is a local UI, never a network service. */
  port: number;
  /** Serves the HostApi at /host (WebSocket) when given; the shell then owns nothing else of it. */
  host?: Host;
}

export interface WebShell {
  url: string;
  /** The shell's own origin (http://127.0.0.1:PORT): the only Origin the HostApi socket accepts. */
  origin: string;
  /** Random per start; the HostApi WebSocket accepts only clients presenting it. */
  token: string;
  /** What to open in a browser: the url with `#token=` (a fragment, so it is never sent to a server). */
  pageUrl: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export async function startWebShell(opts: WebShellOptions): Promise<WebShell> {
  const token = randomBytes(24).toString('base64url');
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    void readStaticFile(opts.rendererDir, req.url ?? '/').then((file) => {
      if (!file) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
        return;
      }
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.contentType });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const endpoint = opts.host ? attachHostSocket(server, { host: opts.host, token, origin }) : null;
  return {
    url: `${origin}/`,
    origin,
    token,
    pageUrl: `${origin}/#token=${token}`,
    close: async () => {
      await endpoint?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
