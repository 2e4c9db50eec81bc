/**
 * Wire-protocol constants shared by switch-agent and its clients.
 * switch-agent/PROTOCOL.md is the specification; these values are quoted there.
 */

/** Bumped only for incompatible changes; additions are announced as capabilities. */
export const PROTOCOL_VERSION = 1;

/** Versions this build can speak (an agent lists them in UNSUPPORTED_PROTOCOL data). */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

/** One frame (one line, excluding the newline) in UTF-8 bytes. Applies in both directions. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/** Agents never announce less than this, so small requests always fit. */
export const MIN_MAX_FRAME_BYTES = 64 * 1024;

export const LIMITS = {
  /** Requests a connection may have in flight; the next one fails with TOO_MANY_REQUESTS. */
  maxPendingRequests: 64,
  /** Open subscriptions per connection; the next subscribe fails with TOO_MANY_REQUESTS. */
  maxSubscriptions: 32,
  /** Items the agent holds per subscription while the client has no credit; older ones are dropped. */
  subscriptionBufferItems: 1024,
  /** Upper bound of outstanding credit per subscription; larger grants are clamped. */
  maxCredit: 1_000_000,
  /** Items in one data frame, whatever the credit (a frame must also fit maxFrameBytes). */
  maxItemsPerDataFrame: 1000,
  /** A client must complete the hello within this time or is disconnected. */
  helloTimeoutMs: 10_000,
  /** Default time a handler may run before its request fails with TIMEOUT. */
  requestTimeoutMs: 120_000,
  /** Bytes queued towards a client that does not read; beyond this the agent disconnects it. */
  maxOutboundBufferBytes: 16 * 1024 * 1024,
  /** Open connections on one socket (one role); the next is refused with TOO_MANY_REQUESTS. */
  maxConnectionsPerSocket: 64,
  /** Open connections on both sockets together; the next is refused with TOO_MANY_REQUESTS. */
  maxConnectionsTotal: 100,
  /**
   * A connection that has sent no frame for this long and has no open subscription and no
   * pending request is closed (TIMEOUT). Subscribed or waiting clients are never idle.
   */
  idleTimeoutMs: 15 * 60_000,
  /**
   * Bytes of unfinished frames held for all connections together, beyond the first
   * MIN_MAX_FRAME_BYTES each connection may always hold. A frame that does not fit is discarded.
   */
  maxHeldFrameBytesTotal: 32 * 1024 * 1024,
  /** Bytes of items waiting for credit in all subscriptions together; beyond it the oldest are dropped. */
  maxSubscriptionBufferBytesTotal: 32 * 1024 * 1024,
  /**
   * Bytes queued towards all clients plus subscription buffers. Past it, a connection with at
   * least one frame's worth queued that it does not read is disconnected.
   */
  maxOutboundBytesTotal: 64 * 1024 * 1024,
  /**
   * Largest chunked message (UTF-8 bytes of its JSON text), and the most an agent holds in
   * partly received chunked requests per connection (PROTOCOL.md §5.2).
   */
  maxChunkedBytes: 32 * 1024 * 1024,
  /** The agent stops writing a chunked response while this much is queued towards the client. */
  chunkedWriteHighWaterBytes: 4 * 1024 * 1024,
  /** Length of a request id when it is a string. */
  maxIdLength: 64,
  /** Length of a method, topic or event name. */
  maxNameLength: 128,
} as const;

/** The socket reached decides the role: admin may change state, view may only read. */
export type Role = 'admin' | 'view';

export const ROLES: readonly Role[] = ['admin', 'view'];

export const SOCKET_DIR = '/run/switch-agent';

export const SOCKETS: Readonly<Record<Role, { file: string; group: string }>> = {
  admin: { file: 'admin.sock', group: 'switchdeck-admin' },
  view: { file: 'view.sock', group: 'switchdeck-view' },
};

/** Method names the connection itself implements; an API table must not define them. */
export const RESERVED_METHODS = ['subscribe', 'unsubscribe'] as const;

/** Feature names every protocol-1 agent announces in hello.capabilities. */
// `storage-errors`: the agent may answer STORAGE_FAILED (PROTOCOL.md §8).
// `chunked`: the agent sends and accepts chunked messages (PROTOCOL.md §5.2).
export const BASE_CAPABILITIES = ['cancel', 'subscribe', 'credit', 'storage-errors', 'chunked'] as const;

/** Feature a client names in its hello's `accepts` to receive chunked responses (PROTOCOL.md §5.2). */
export const CHUNKED_FEATURE = 'chunked';

/** Capability naming a callable method / subscribable topic. */
export const methodCapability = (method: string): string => `method:${method}`;
export const topicCapability = (topic: string): string => `topic:${topic}`;
