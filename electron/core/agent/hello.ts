/**
 * The hello exchange (PROTOCOL.md §4), pure: the line the client sends first and how the
 * agent's first frame is read. A version mismatch gets a message that says which side to update.
 */
import { z } from 'zod';
import { RpcError } from '@shared/rpc/errors';
import type { AgentFrame, AgentHelloFrame, ClientHelloFrame } from '@shared/rpc/frames';
import { CHUNKED_FEATURE, PROTOCOL_VERSION } from '@shared/rpc/protocol';
import { protocolMismatchError } from './clientErrors';

export type ClientIdentity = ClientHelloFrame['client'];

export function clientHelloFrame(client: ClientIdentity): ClientHelloFrame {
  // Large results (a 10,000-gateway configuration) arrive as chunk frames (PROTOCOL.md §5.2).
  return { type: 'hello', protocol: PROTOCOL_VERSION, client, accepts: [CHUNKED_FEATURE] };
}

export type HelloOutcome = { ok: true; hello: AgentHelloFrame } | { ok: false; error: RpcError };

const UnsupportedDataSchema = z.object({ agentProtocols: z.array(z.int()) });

/** Reads the agent's first frame: its hello, or the error it answered our hello with. */
export function readHelloReply(frame: AgentFrame, server: string): HelloOutcome {
  switch (frame.type) {
    case 'hello':
      if (frame.protocol !== PROTOCOL_VERSION) return { ok: false, error: protocolMismatchError(server, [frame.protocol]) };
      return { ok: true, hello: frame };
    case 'error': {
      const { code, message, data } = frame.error;
      if (code === 'UNSUPPORTED_PROTOCOL') {
        const parsed = UnsupportedDataSchema.safeParse(data);
        if (parsed.success) return { ok: false, error: protocolMismatchError(server, parsed.data.agentProtocols) };
        return {
          ok: false,
          error: new RpcError('UNSUPPORTED_PROTOCOL', `the agent on ${server} refused protocol ${PROTOCOL_VERSION}: ${message}`, {
            server,
            agent: data,
          }),
        };
      }
      const remote = RpcError.fromPayload(frame.error);
      return {
        ok: false,
        error: new RpcError(remote.code, `the agent on ${server} refused the hello: ${remote.message}`, remote.data),
      };
    }
    default:
      return {
        ok: false,
        error: new RpcError('INVALID_FRAME', `the agent on ${server} sent a '${frame.type}' frame before its hello`, {
          server,
          type: frame.type,
        }),
      };
  }
}
