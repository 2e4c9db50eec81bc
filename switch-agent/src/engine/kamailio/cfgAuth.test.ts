import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_LIMITS } from '../../../../test/doubles/agent/authLimits';
import { AUTH_CFG_VARS, authCfgVarValues } from './cfgAuth';
import { CFG_VARS } from './renderCfg';

describe('authentication limits as cfg variables', () => {
  it('become integers, suspension On as 1', () => {
    expect(authCfgVarValues(DEFAULT_AUTH_LIMITS)).toEqual({
      authRetry: 6, authTimeoutSec: 10, authMaxRetry: 6, authFailedSuspendSec: 180, regRetry: 6, regSuspend: 1, regSuspendSec: 180,
    });
  });

  it('refuse values outside the catalog ranges, naming the field', () => {
    expect(() => authCfgVarValues({ ...DEFAULT_AUTH_LIMITS, authRetry: 0 })).toThrow('params.authRetry');
    expect(() => authCfgVarValues({ ...DEFAULT_AUTH_LIMITS, authTimeoutSec: 121 })).toThrow('params.authTimeoutSec');
    expect(() => authCfgVarValues({ ...DEFAULT_AUTH_LIMITS, authFailedSuspendSec: 59 })).toThrow('params.authFailedSuspendSec');
    expect(() => authCfgVarValues({ ...DEFAULT_AUTH_LIMITS, regSuspendSec: 29 })).toThrow('params.regSuspendSec');
    expect(authCfgVarValues({ ...DEFAULT_AUTH_LIMITS, authMaxRetry: 0 }).authMaxRetry).toBe(0);
  });

  it('are part of the switchdeck cfg group, so config.apply sets them with cfg.seti', () => {
    for (const [k, v] of Object.entries(AUTH_CFG_VARS)) expect(CFG_VARS[k as keyof typeof CFG_VARS]).toBe(v);
  });
});
