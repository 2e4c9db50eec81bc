// The authentication limits at their catalog defaults, for rigs that render kamailio.cfg directly.
// snapshotToEngine.test.ts checks that these are what an empty configuration maps to.
import type { AuthLimitParams } from '../../../switch-agent/src/engine/kamailio/cfgAuth';

export const DEFAULT_AUTH_LIMITS: AuthLimitParams = {
  authRetry: 6,
  authTimeoutSec: 10,
  authMaxRetry: 6,
  authFailedSuspendSec: 180,
  regRetry: 6,
  regSuspend: true,
  regSuspendSec: 180,
};
