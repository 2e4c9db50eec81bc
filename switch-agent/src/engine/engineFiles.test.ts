import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCandidateCfg, enginePaths, promoteCandidateCfg } from './engineFiles';

const haveKamailio = spawnSync('kamailio', ['-v'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!haveKamailio && !process.env.CI)('checkCandidateCfg (kamailio -c)', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('keeps the live cfg when the candidate is rejected, and promotes an accepted one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sd-files-'));
    const paths = enginePaths(dir);
    writeFileSync(paths.cfg, 'live');
    await expect(checkCandidateCfg('kamailio', paths, '#!KAMAILIO\nno_such_keyword=1\n')).rejects.toThrow(/^kamailio -c rejected the rendered cfg: /);
    expect(existsSync(paths.cfgNext)).toBe(false);
    expect(readFileSync(paths.cfg, 'utf8')).toBe('live');

    await checkCandidateCfg('kamailio', paths, '#!KAMAILIO\ndebug=1\nrequest_route { drop; }\n');
    promoteCandidateCfg(paths);
    expect(readFileSync(paths.cfg, 'utf8')).toContain('request_route');
  });
});
