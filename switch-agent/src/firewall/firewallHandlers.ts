// firewall.* (PROTOCOL.md §6.9): the table as nft reports it, and the operator's block list.
// Blocks and unblocks are recorded in the audit (who, what, outcome) like registrations.remove.
import type { FIREWALL_METHODS, BlockedSource as WireBlocked } from '@shared/rpc/firewallApi';
import { RpcError } from '@shared/rpc/errors';
import { engineFailed } from '../calls/callsHandlers';
import type { HandlerMap } from '../rpc/dispatcher';
import type { AuditEntry } from '../store/auditRepo';
import { operatorOrigin, parseOrigin } from './blockOrigin';
import type { BlockedSource, Firewall, FirewallStatus } from './firewall';

export interface FirewallHandlerDeps {
  firewall: Pick<Firewall, 'status' | 'block' | 'unblock'>;
  /** The current configuration has firewall rules. */
  enabled: () => boolean;
  /** Why the last apply of the table failed, or null. */
  problem: () => string | null;
  sshSources: () => string[];
  audit: { record(e: AuditEntry): void };
  now: () => number;
}

const OFF: FirewallStatus = { managed: false, rules: [], blocked: [] };

export function toWireBlocked(b: BlockedSource, at: number): WireBlocked {
  const { origin, by } = parseOrigin(b.origin);
  return { address: b.address, remainingSec: b.expiresSec, endsAt: Math.round((at + b.expiresSec * 1000) / 1000) * 1000, origin, by };
}

function notOn(path: string): RpcError {
  const message = 'the firewall is off: add a firewall rule to the configuration (and apply it) first';
  return new RpcError('VALIDATION_FAILED', message, { errors: [{ path, message }], warnings: [] });
}

export function firewallHandlers(d: FirewallHandlerDeps): HandlerMap<typeof FIREWALL_METHODS> {
  const auditor = (action: string, ctx: { user: string; role: 'admin' | 'view' }, target: Record<string, unknown>) =>
    (outcome: AuditEntry['outcome'], detail: Record<string, unknown> = {}) =>
      d.audit.record({ time: new Date(d.now()).toISOString(), author: { user: ctx.user, role: ctx.role }, action, revision: null, outcome, detail: { ...target, ...detail } });
  const status = async () => {
    try {
      return await d.firewall.status();
    } catch (e) {
      throw engineFailed('reading the firewall table', e);
    }
  };
  /** The firewall must be on and its table in place before a source can be blocked or let in. */
  const active = async (record: ReturnType<typeof auditor>) => {
    if (!d.enabled()) {
      record('refused', { error: 'the firewall is off' });
      throw notOn('address');
    }
    const s = await status();
    if (!s.managed) {
      record('refused', { error: 'the firewall table is not in place' });
      throw engineFailed('the firewall table is not in place', new Error(d.problem() ?? 'the last apply did not create it'));
    }
    return s;
  };
  const step = async <T>(record: ReturnType<typeof auditor>, what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      const err = engineFailed(what, e);
      record('failed', { error: err.message });
      throw err;
    }
  };

  return {
    'firewall.status': async () => {
      const at = d.now();
      // A firewall left off costs nothing: nft is not run.
      const enabled = d.enabled();
      let s = OFF;
      let problem = d.problem();
      if (enabled) {
        try {
          s = await d.firewall.status();
        } catch (e) {
          problem = (e as Error).message;
        }
      }
      return {
        at,
        enabled,
        active: s.managed,
        problem: enabled ? problem : null,
        rules: s.rules.map((r) => ({ id: r.comment, text: r.text, packets: r.packets, bytes: r.bytes })),
        blocked: s.blocked.map((b) => toWireBlocked(b, at)).sort((a, b) => b.remainingSec - a.remainingSec || a.address.localeCompare(b.address)),
        sshSources: enabled ? d.sshSources() : [],
      };
    },
    'firewall.block': async (p, ctx) => {
      const record = auditor('firewall.block', ctx, { address: p.address, seconds: p.seconds });
      await active(record);
      await step(record, `blocking ${p.address}`, () => d.firewall.block(p.address, p.seconds, operatorOrigin(ctx.user)));
      record('ok');
      const at = d.now();
      return { blocked: toWireBlocked({ address: p.address, expiresSec: p.seconds, origin: operatorOrigin(ctx.user) }, at) };
    },
    'firewall.unblock': async (p, ctx) => {
      const record = auditor('firewall.unblock', ctx, { address: p.address });
      await active(record);
      const was = await step(record, `unblocking ${p.address}`, () => d.firewall.unblock(p.address));
      if (!was) {
        record('refused', { error: 'not blocked' });
        throw new RpcError('NOT_FOUND', `${p.address} is not blocked (its block may have run out)`, { address: p.address });
      }
      record('ok');
      return { unblocked: p.address };
    },
  };
}
