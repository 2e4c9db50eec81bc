import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebShell, type WebShell } from './server';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sd-web-'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
let shell: WebShell | undefined;
afterAll(() => shell?.close());

describe('browser shell HTTP server', () => {
  it('binds 127.0.0.1 only and serves the renderer with a strict CSP', async () => {
    shell = await startWebShell({ rendererDir: dir, port: 0 });
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(shell.token.length).toBeGreaterThanOrEqual(32);
    const res = await fetch(shell.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>t</title>');
  });

  it('answers 404 for missing files and 405 for other methods', async () => {
    expect((await fetch(new URL('/missing.js', shell!.url))).status).toBe(404);
    expect((await fetch(shell!.url, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
