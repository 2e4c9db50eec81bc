/**
 * Flow control from the host to the renderer (issue 14): the renderer acknowledges what it has
 * handled, and the host sends more only within a bounded window. For a subscription the host
 * grants the agent credit only once the renderer has acked earlier items (a renderer that stops
 * acking makes the agent drop the oldest, counted in the next batch's `dropped`); for a terminal
 * the host pauses reading the SSH channel (nothing lost, the remote side waits). hostApi.ts spreads
 * these into HOST_METHODS.
 */
import { z } from 'zod';
import { HostIdSchema } from './hostPrompt';

/** Items of one subscription the host may have sent to the renderer without an ack. */
export const DEFAULT_SUBSCRIPTION_ACK_WINDOW = 512;
/** Characters of one terminal's output the host may have sent without an ack. */
export const DEFAULT_TERMINAL_ACK_WINDOW = 256 * 1024;

const Empty = z.strictObject({});

export const HOST_FLOW_METHODS = {
  'agent.ack': {
    params: z.strictObject({ subscriptionId: HostIdSchema, items: z.number().int().min(1).max(1_000_000) }),
    result: Empty,
    description: "The renderer has handled this many items of an 'agent.items' subscription (an unknown or ended id is not an error).",
  },
  'terminal.ack': {
    params: z.strictObject({ terminalId: HostIdSchema, chars: z.number().int().min(1).max(100_000_000) }),
    result: Empty,
    description: "The renderer has drawn this many characters of 'terminal.data' output (an unknown or closed id is not an error).",
  },
} as const;
