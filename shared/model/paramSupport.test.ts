import { describe, expect, it } from 'vitest';
import { CATALOG } from '../catalog';
import { unenforcedParams } from './paramSupport';
import { ConfigSnapshotSchema, type ConfigSnapshot } from './snapshot';

const snap = (params: Record<string, unknown> = {}): ConfigSnapshot => ConfigSnapshotSchema.parse({ revision: 1, hash: '0'.repeat(64), params });

// Whichever integer parameter is still stored only (the list shrinks as the engine learns them),
// set to a value that is not its default.
const storedParam = CATALOG.find((p) => p.engine.status === 'stored' && p.type.kind === 'integer');
const storedValue = storedParam?.type.kind === 'integer' ? (storedParam.default === storedParam.type.min ? storedParam.type.max : storedParam.type.min) : 0;

describe('unenforcedParams', () => {
  it.skipIf(!storedParam)('warns for a stored-only parameter the change sets or resets, with the catalog wording', () => {
    const { name, engine } = storedParam!;
    const w = unenforcedParams(snap(), snap({ [name]: storedValue }));
    expect(w).toEqual([{ path: `params.${name}`, message: engine.status === 'stored' ? engine.why : '' }]);
    expect(w[0]!.message).toMatch(/^Stored only: the engine does not apply it yet\. Planned: /);
    expect(unenforcedParams(snap({ [name]: storedValue }), snap())).toHaveLength(1);
  });

  it('says nothing for enforced parameters or parameters the change leaves alone', () => {
    expect(unenforcedParams(snap(), snap({ SS_AUTHENTICATION_MAX_RETRY: 3 }))).toEqual([]);
    if (storedParam) expect(unenforcedParams(snap({ [storedParam.name]: storedValue }), snap({ [storedParam.name]: storedValue, SS_REPLY_UNAUTHORIZED: false }))).toEqual([]);
  });
});
