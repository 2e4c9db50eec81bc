import { Intent, type IconName } from '@blueprintjs/core';
import type { ConnState } from '../servers/ServersContext';

/** How a connection state looks in the tree, the status bar and the fleet table. */
export const STATE_LOOK: Record<ConnState, { icon: IconName; intent: Intent }> = {
  disconnected: { icon: 'offline', intent: Intent.NONE },
  connecting: { icon: 'refresh', intent: Intent.PRIMARY },
  'awaiting-host-key': { icon: 'key', intent: Intent.WARNING },
  'awaiting-credentials': { icon: 'lock', intent: Intent.WARNING },
  connected: { icon: 'tick-circle', intent: Intent.SUCCESS },
  failed: { icon: 'error', intent: Intent.DANGER },
};
