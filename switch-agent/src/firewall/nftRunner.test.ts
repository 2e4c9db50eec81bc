import { describe, expect, it } from 'vitest';
import { NftUnavailableError, explainNftFailure, spawnNftRunner } from './nftRunner';

describe('explainNftFailure', () => {
  it('says plainly when nft cannot run here at all', () => {
    const missing = explainNftFailure('/usr/sbin/nft', { code: 'ENOENT' });
    expect(missing).toBeInstanceOf(NftUnavailableError);
    expect(missing.message).toBe('nft is not installed on this server (/usr/sbin/nft not found; install the nftables package)');
    const denied = explainNftFailure('/usr/sbin/nft', { exit: 1, stderr: 'Error: Could not process rule: Operation not permitted\nadd table inet switchdeck\n' });
    expect(denied).toBeInstanceOf(NftUnavailableError);
    expect(denied.message).toMatch(/^the agent is not allowed to change nftables: it must run as root or with the CAP_NET_ADMIN capability/);
  });

  it("keeps nft's own words for any other failure", () => {
    const e = explainNftFailure('/usr/sbin/nft', { exit: 1, stderr: 'Error: syntax error, unexpected junk\nline 2\n' });
    expect(e).not.toBeInstanceOf(NftUnavailableError);
    expect(e.message).toBe('nft failed (exit 1): Error: syntax error, unexpected junk | line 2');
  });

  it('turns a binary that does not exist into that error', async () => {
    await expect(spawnNftRunner(['/nonexistent/nft']).apply('')).rejects.toThrow('nft is not installed on this server (/nonexistent/nft not found');
  });
});
