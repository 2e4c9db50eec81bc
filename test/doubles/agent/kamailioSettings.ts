// Settings for rendering kamailio.cfg in unit tests of the cfg's text: one UDP address, paths under
// the agent's run directory, call-control parameters at their defaults.
import type { KamailioSettings } from '../../../switch-agent/src/engine/kamailio/renderCfg';
import { CALL_CONTROL_DEFAULTS } from '../../../switch-agent/src/engine/kamailio/cfgCallControl';
import { DEFAULT_AUTH_LIMITS } from './authLimits';

const dir = '/run/switch-agent/engine';

export const UNIT_KAMAILIO_SETTINGS: KamailioSettings = {
  listen: { address: '127.0.0.1', port: 5060 },
  paths: { rundir: dir, configDb: `${dir}/engine.sqlite`, cdrDir: `${dir}/cdr`, rpcFifo: `${dir}/rpc.fifo`, rpcReplyDir: dir, ctlSocket: `${dir}/ctl.sock` },
  rtpengine: { ngAddress: '127.0.0.1', ngPort: 22222 },
  udpWorkers: 4,
  logLevel: 2,
  params: { ...CALL_CONTROL_DEFAULTS, replyUnauthorized: true, sipTimeoutInviteSec: 10, sipTimeoutRingingSec: 120, stopSwitchAfterSdp: true, authChallengeCode: 401, passwordGateways: false, ...DEFAULT_AUTH_LIMITS },
};
