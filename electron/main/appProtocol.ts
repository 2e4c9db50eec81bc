/**
 * The app:// scheme that serves the built renderer. Every response carries the CSP; paths that
 * would leave the renderer folder, and any host but ours, get a 404.
 */
import type { Protocol } from 'electron';
import { readStaticFile } from '../core/host/staticFiles';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

const HEADERS = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(protocol: Protocol, rendererDir: string, appHost: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === appHost && request.method === 'GET' ? await readStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found\n', { status: 404, headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
    return new Response(new Uint8Array(file.body), { status: 200, headers: { ...HEADERS, 'Content-Type': file.contentType } });
  });
}
