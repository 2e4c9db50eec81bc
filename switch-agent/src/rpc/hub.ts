/**
 * The set of live connections across both sockets, for event broadcast (PROTOCOL.md §7).
 * Events go to every connection that finished its hello, the originator included, unless
 * the caller names one to skip; clients must treat events as hints and be idempotent.
 */
import type { z } from 'zod';
import type { Role } from '@shared/rpc/protocol';
import { RpcBudget } from './budget';
import type { RpcConnection } from './connection';
import { silentLogger, type RpcLogger } from './log';

export interface BroadcastOptions {
  /** Connection id to leave out (e.g. the one whose request caused the event). */
  except?: string;
  /** Restrict to these roles; default both. */
  roles?: readonly Role[];
}

export class ConnectionHub {
  private readonly connections = new Map<string, RpcConnection>();

  /**
   * With `events`, every broadcast is checked against the event's schema before it leaves.
   * `budget` holds the limits across connections; servers sharing this hub share it too.
   */
  constructor(
    private readonly events?: Readonly<Record<string, z.ZodType>>,
    private readonly logger: RpcLogger = silentLogger,
    readonly budget: RpcBudget = new RpcBudget(),
  ) {}

  add(connection: RpcConnection): void {
    this.connections.set(connection.id, connection);
    connection.onClose(() => this.connections.delete(connection.id));
  }

  get size(): number {
    return this.connections.size;
  }

  list(): RpcConnection[] {
    return [...this.connections.values()];
  }

  /** Returns how many connections the event was written to; an invalid event reaches none. */
  broadcast(name: string, data: unknown, options: BroadcastOptions = {}): number {
    let payload = data;
    if (this.events) {
      const schema = this.events[name];
      if (!schema) {
        this.logger.error('broadcast of an event not in the event table; not sent', { event: name });
        return 0;
      }
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        this.logger.error('broadcast of an invalid event; not sent', { event: name, issues: parsed.error.issues });
        return 0;
      }
      payload = parsed.data;
    }
    let line: string;
    try {
      line = JSON.stringify({ type: 'event', name, data: payload === undefined ? null : payload });
    } catch (e) {
      this.logger.error('event could not be serialized; not sent', { event: name, error: String(e) });
      return 0;
    }
    let sent = 0;
    for (const connection of this.connections.values()) {
      if (connection.id === options.except) continue;
      if (options.roles && !options.roles.includes(connection.role)) continue;
      if (connection.sendEventLine(line)) sent++;
    }
    return sent;
  }

  closeAll(reason: string): void {
    for (const connection of [...this.connections.values()]) connection.close(reason);
  }
}
