import { describe, expect, it } from 'vitest';
import { getParam } from '../catalog';
import { unenforcedParams } from './paramSupport';
import { ConfigSnapshotSchema, type ConfigSnapshot } from './snapshot';

const snap = (params: Record<string, unknown> = {}): ConfigSnapshot => ConfigSnapshotSchema.parse({ revision: 1, hash: '0'.repeat(64), params });

describe('unenforcedParams', () => {
  it('warns for a stored-only parameter the change sets or resets, with the catalog wording', () => {
    const stored = getParam('SS_SIP_PUBLISH_EXPIRE')!.engine;
    expect(stored.status).toBe('stored');
    const w = unenforcedParams(snap(), snap({ SS_SIP_PUBLISH_EXPIRE: 600 }));
    expect(w).toEqual([{ path: 'params.SS_SIP_PUBLISH_EXPIRE', message: stored.status === 'stored' ? stored.why : '' }]);
    expect(w[0]!.message).toMatch(/^Stored only: the engine does not apply it yet\. Planned: /);
    expect(unenforcedParams(snap({ SS_SIP_PUBLISH_EXPIRE: 600 }), snap())).toHaveLength(1);
  });

  it('says nothing for enforced parameters or parameters the change leaves alone', () => {
    expect(unenforcedParams(snap(), snap({ SS_AUTHENTICATION_MAX_RETRY: 3 }))).toEqual([]);
    expect(unenforcedParams(snap({ SS_SIP_PUBLISH_EXPIRE: 600 }), snap({ SS_SIP_PUBLISH_EXPIRE: 600, SS_REPLY_UNAUTHORIZED: false }))).toEqual([]);
  });
});
