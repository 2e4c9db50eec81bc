/**
 * Frames that carry the HostApi between the renderer and the host core: over Electron IPC the
 * request / response pair is one `invoke`, over the browser shell's WebSocket every frame is one
 * JSON text message. A frame is told apart by its keys (method → request, result / error →
 * response, event → event), so no frame carries anything it does not need.
 */
import { z } from 'zod';
import { RpcErrorSchema } from './errors';

/** Request ids are chosen by the renderer; responses echo them. */
export const HostRequestIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const HostRequestFrameSchema = z.strictObject({
  id: HostRequestIdSchema,
  method: z.string().min(1).max(64),
  params: z.unknown(),
});

// `result: z.unknown()` alone would accept a frame without the key; a response must say it.
export const HostResultFrameSchema = z
  .strictObject({ id: HostRequestIdSchema, result: z.unknown() })
  .refine((f) => Object.hasOwn(f, 'result'), { message: 'a response needs `result` or `error`', path: ['result'] });

export const HostErrorFrameSchema = z.strictObject({ id: HostRequestIdSchema, error: RpcErrorSchema });

export const HostResponseFrameSchema = z.union([HostErrorFrameSchema, HostResultFrameSchema]);

export const HostEventFrameSchema = z
  .strictObject({ event: z.string().min(1).max(64), payload: z.unknown() })
  .refine((f) => Object.hasOwn(f, 'payload'), { message: 'an event needs a payload', path: ['payload'] });

/** What the renderer sends. */
export const HostClientFrameSchema = HostRequestFrameSchema;
/** What the host sends. */
export const HostServerFrameSchema = z.union([HostErrorFrameSchema, HostResultFrameSchema, HostEventFrameSchema]);

export type HostRequestFrame = z.infer<typeof HostRequestFrameSchema>;
export type HostResponseFrame = z.infer<typeof HostResponseFrameSchema>;
export type HostEventFrame = z.infer<typeof HostEventFrameSchema>;
export type HostServerFrame = z.infer<typeof HostServerFrameSchema>;

/** The outcome of one HostApi call, as the IPC bridge returns it (never a thrown error: IPC would lose its code). */
export type HostCallOutcome = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: z.infer<typeof RpcErrorSchema> };

export const HostCallOutcomeSchema = z.union([
  z.strictObject({ ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: RpcErrorSchema }),
]);

/**
 * Largest WebSocket message the browser shell accepts from the page: room for an apply or draft of
 * 10,000 routing + 10,000 mapping gateways (about 10 MB) with margin. The link is loopback-only and
 * token-checked; the agent itself bounds what it takes (PROTOCOL.md §5.2, maxChunkedBytes 32 MiB).
 */
export const HOST_WIRE_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** The browser shell's HostApi endpoint path and the query parameter carrying the per-start token. */
export const HOST_WS_PATH = '/host';
export const HOST_WS_TOKEN_PARAM = 'token';

export function isResponseFrame(frame: HostServerFrame): frame is HostResponseFrame {
  return 'id' in frame;
}

/**
 * What Electron's preload exposes as `window.switchdeck` (contextBridge). `call` resolves with an
 * outcome rather than rejecting, because IPC would strip an error of its code and data.
 */
export interface SwitchdeckBridge {
  call(method: string, params: unknown): Promise<HostCallOutcome>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** IPC channel names between preload and main. */
export const IPC_HOST_CALL = 'host:call';
export const IPC_HOST_EVENT = 'host:event';
