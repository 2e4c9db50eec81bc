import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readStaticFile } from './staticFiles';

let root: string;
beforeAll(() => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'sd-static-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<html></html>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), 'do not serve');
});

describe('readStaticFile', () => {
  it('serves index.html for / and files by path with their content type', async () => {
    expect((await readStaticFile(root, '/'))?.contentType).toBe('text/html; charset=utf-8');
    expect((await readStaticFile(root, '/assets/app.js?v=1'))?.body.toString()).toBe('console.log(1)');
  });

  it('refuses paths that leave the folder, however they are spelled', async () => {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/%00', '/%E0%A4%A']) {
      expect(await readStaticFile(root, p), p).toBeNull();
    }
  });

  it('returns null for folders and missing files', async () => {
    expect(await readStaticFile(root, '/assets')).toBeNull();
    expect(await readStaticFile(root, '/nope.js')).toBeNull();
  });
});
