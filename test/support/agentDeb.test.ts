import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentDebSourceHash } from './agentDeb';

const root = mkdtempSync(join(tmpdir(), 'sd-agentdeb-hash-'));
const put = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the shared agent package build is keyed by what the package is made of', () => {
  it('the same sources give the same key; a change to the bundle, a packaging file (new or edited) or the build script gives another', () => {
    for (const [rel, text] of [
      ['package.json', '{"version":"0.1.0"}'],
      ['scripts/package-agent.mjs', 'build'],
      ['dist/switch-agent/switch-agent.mjs', 'bundle'],
      ['switch-agent/PROTOCOL.md', 'protocol'],
      ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'addon'],
      ['switch-agent/packaging/debian/postinst', 'postinst'],
    ] as const) put(rel, text);
    const first = agentDebSourceHash(root);
    expect(agentDebSourceHash(root)).toBe(first);
    const seen = new Set([first]);
    for (const [rel, text] of [
      ['dist/switch-agent/switch-agent.mjs', 'bundle 2'],
      ['switch-agent/packaging/debian/postinst', 'postinst 2'],
      ['switch-agent/packaging/debian/prerm', 'new file'],
      ['scripts/package-agent.mjs', 'build 2'],
    ] as const) {
      put(rel, text);
      const next = agentDebSourceHash(root);
      expect(seen.has(next), `${rel} changed`).toBe(false);
      seen.add(next);
    }
  });
});
