/**
 * Codes the host itself ends a live feed with ('agent.subscriptionEnded' error.code), beside the
 * agent's RPC codes it passes on unchanged. Each is a case the window says in plain words of its
 * own: the TIMEOUT every in-flight request gets would read as "the server did not answer in time".
 */
export const FEED_END = {
  /** The link to the server was lost. */
  notConnected: 'not-connected',
  /** Switchdeck's host process died and was started again: every feed it held is gone, and every server link with it. */
  hostRestarted: 'host-restarted',
} as const;

export type FeedEndCode = (typeof FEED_END)[keyof typeof FEED_END];
