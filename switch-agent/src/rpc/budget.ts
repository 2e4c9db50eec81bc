/**
 * Limits that span connections (PROTOCOL.md §9): how many connections each socket and the
 * agent accept, and byte pools shared by all of them (unfinished frames, subscription buffers,
 * bytes queued towards clients). Per-connection limits alone do not bound the agent, because
 * connections are cheap to open; these make the total fixed whatever clients do.
 */
import { RpcError } from '@shared/rpc/errors';
import { LIMITS, type Role } from '@shared/rpc/protocol';

/** A pool of bytes several holders draw on; `used` never passes `limit` through `tryTake`. */
export class ByteBudget {
  private used_ = 0;

  constructor(readonly limit: number) {}

  get used(): number {
    return this.used_;
  }

  /** Takes `bytes` if they fit; false leaves the pool unchanged. */
  tryTake(bytes: number): boolean {
    if (this.used_ + bytes > this.limit) return false;
    this.used_ += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used_ = Math.max(0, this.used_ - bytes);
  }

  /** Would a holder that now has `held` bytes fit with `wanted` bytes instead? */
  fits(held: number, wanted: number): boolean {
    return this.used_ - held + wanted <= this.limit;
  }

  /** Replaces a holder's share `held` by `now`; callers check `fits` first when growing. */
  resize(held: number, now: number): void {
    this.used_ = Math.max(0, this.used_ - held + now);
  }
}

type BudgetLimitName =
  | 'maxConnectionsPerSocket'
  | 'maxConnectionsTotal'
  | 'maxHeldFrameBytesTotal'
  | 'maxSubscriptionBufferBytesTotal'
  | 'maxOutboundBytesTotal';

export type BudgetLimits = { [K in BudgetLimitName]: number };

export type Admission = { ok: true; release: () => void } | { ok: false; error: RpcError };

interface Member {
  role: Role;
  queuedBytes: () => number;
}

export class RpcBudget {
  readonly limits: BudgetLimits;
  /** Unfinished frames beyond each connection's free allowance. */
  readonly heldFrames: ByteBudget;
  /** Items waiting for credit, all subscriptions together. */
  readonly subscriptionBuffers: ByteBudget;
  private readonly members = new Set<Member>();

  constructor(limits: Partial<BudgetLimits> = {}) {
    this.limits = { ...pickBudgetLimits(LIMITS), ...limits };
    this.heldFrames = new ByteBudget(this.limits.maxHeldFrameBytesTotal);
    this.subscriptionBuffers = new ByteBudget(this.limits.maxSubscriptionBufferBytesTotal);
  }

  get connections(): number {
    return this.members.size;
  }

  /**
   * Counts a new connection in, or says why it is refused. `queuedBytes` reports what is
   * queued towards that client, for the outbound total.
   */
  admit(role: Role, socket: string, queuedBytes: () => number): Admission {
    const { maxConnectionsPerSocket: perSocket, maxConnectionsTotal: total } = this.limits;
    const onSocket = [...this.members].filter((m) => m.role === role).length;
    if (onSocket >= perSocket) {
      return refuse(`${perSocket} connections are already open on ${socket} (the limit); close one or try again later`, {
        limit: perSocket,
        socket,
      });
    }
    if (this.members.size >= total) {
      return refuse(`${total} connections are already open on this agent (the limit); close one or try again later`, {
        limit: total,
      });
    }
    const member: Member = { role, queuedBytes };
    this.members.add(member);
    return { ok: true, release: () => this.members.delete(member) };
  }

  /** Bytes queued towards every client plus every subscription buffer. */
  outboundBytes(): number {
    let sum = this.subscriptionBuffers.used;
    for (const m of this.members) sum += m.queuedBytes();
    return sum;
  }
}

function refuse(message: string, data: Record<string, unknown>): Admission {
  return { ok: false, error: new RpcError('TOO_MANY_REQUESTS', message, data) };
}

export function pickBudgetLimits(limits: BudgetLimits): BudgetLimits {
  const { maxConnectionsPerSocket, maxConnectionsTotal, maxHeldFrameBytesTotal, maxSubscriptionBufferBytesTotal, maxOutboundBytesTotal } =
    limits;
  return { maxConnectionsPerSocket, maxConnectionsTotal, maxHeldFrameBytesTotal, maxSubscriptionBufferBytesTotal, maxOutboundBytesTotal };
}
