// Runs the outbound registrations Kamailio's uacreg sends (kamailio/uacReg.ts, cfgUacReg.ts):
//  - records are handed to Kamailio over its control FIFO (uac.reg_add) and live in its memory
//    only: a row read from the uacreg table would need the clear password in the engine's file when
//    no realm is configured (the digest depends on the challenge's realm), and no file under the
//    data folder holds a secret (docs/architecture.md, Secrets at rest). So the table stays empty,
//    and after every Kamailio start restore() adds them all again;
//  - on a change: uac.reg_remove + uac.reg_add for each new or changed row, and for each row
//    taken away an unregistration (uac.reg_unregister: REGISTER with Expires: 0, answering the
//    challenge with the record's credentials) when SS_SIP_USER_AGENT_SEND_UNREGISTER is On, then
//    uac.reg_remove once that transaction ended (removed earlier, the challenge would go unanswered);
//  - once a second while registrations exist: uac.reg_dump, and uac.reg_enable for each that failed
//    SS_SIP_USER_AGENT_RETRY_DELAY seconds ago (a fixed wait; uacreg then sends at its next walk);
//  - before the engine stops: an unregistration of every registered record (same parameter).
import type { Clock } from './clock';
import type { RpcCaller } from './tableReloads';
import { parseUacRegDump, retryDue, uacRegChanges, UAC_FLAGS, type UacRecord, type UacRegConfig, type UacRegRow } from './kamailio/uacReg';

/** How long an unregistration may take before the record is dropped anyway (a silent registrar). */
const UNREGISTER_WAIT_MS = 4000;
const POLL_MS = 1000;

export class UacRegistrar {
  private config: UacRegConfig = { rows: [], sendUnregister: true, retryDelaySec: 60 };
  private timer: unknown = null;
  private stopped = false;
  private ticking = false;

  constructor(
    private readonly rpc: () => RpcCaller,
    private readonly clock: Clock,
    private readonly onProblem: (m: string) => void = () => undefined,
  ) {}

  /** The settings now in force (after a start or an apply); starts or stops the retry poll. */
  use(next: UacRegConfig): void {
    this.config = next;
    this.schedule();
  }

  /** Brings Kamailio's records from `prev` rows to `next`. */
  async sync(prev: UacRegConfig, next: UacRegConfig): Promise<void> {
    const { refresh, remove } = uacRegChanges(prev.rows, next.rows);
    if (remove.length > 0) await this.takeAway(remove, next.sendUnregister);
    const rows = new Map(next.rows.map((r) => [r.l_uuid, r]));
    const held = refresh.length > 0 ? new Set((await this.dump()).map((r) => r.uuid)) : new Set<string>();
    for (const uuid of refresh) {
      // A changed expiry or password replaces the record (its registration goes out again at once).
      if (held.has(uuid)) await this.rpc().call('uac.reg_remove', [uuid]);
      await this.add(rows.get(uuid)!);
    }
    this.use(next);
  }

  /** After a Kamailio start: every record again (its memory started empty). */
  async restore(): Promise<void> {
    if (this.config.rows.length === 0) return;
    const held = new Set((await this.dump()).map((r) => r.uuid));
    for (const row of this.config.rows) if (!held.has(row.l_uuid)) await this.add(row);
  }

  private async add(r: UacRegRow): Promise<void> {
    // uac.reg_add takes "." for "none" in auth_password, auth_ha1 and contact_addr (the module's
    // reg_contact_addr); the socket "" is its default_socket (TCP/TLS records name theirs).
    const params = [
      r.l_uuid, r.l_username, r.l_domain, r.r_username, r.r_domain, r.realm, r.auth_username,
      r.auth_password || '.', r.auth_ha1 || '.', r.auth_proxy, r.expires, 0, 0, r.socket, r.contact_addr || '.',
    ];
    try {
      await this.rpc().call('uac.reg_add', params);
    } catch (e) {
      // Never the params in the message: they hold the password.
      throw new Error(`uac.reg_add of routingGateways[${r.l_uuid}].registration failed: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Unregisters (when asked) and removes records; a record Kamailio does not hold is skipped. */
  private async takeAway(uuids: string[], unregister: boolean): Promise<void> {
    const held = new Map((await this.dump()).map((r) => [r.uuid, r]));
    const targets = uuids.filter((u) => held.has(u));
    if (unregister) await this.unregister(targets.filter((u) => (held.get(u)!.flags & UAC_FLAGS.online) !== 0));
    for (const uuid of targets) {
      await this.rpc().call('uac.reg_remove', [uuid]).catch((e: unknown) => this.onProblem(`uac.reg_remove ${uuid}: ${(e as Error).message}`));
    }
  }

  /** Sends Expires: 0 for each record and waits (bounded) until their transactions ended. */
  private async unregister(uuids: string[]): Promise<void> {
    if (uuids.length === 0) return;
    for (const uuid of uuids) {
      await this.rpc().call('uac.reg_unregister', ['l_uuid', uuid]).catch((e: unknown) => this.onProblem(`uac.reg_unregister ${uuid}: ${(e as Error).message}`));
    }
    const deadline = this.clock.now() + UNREGISTER_WAIT_MS;
    const pending = new Set(uuids);
    while (pending.size > 0 && this.clock.now() < deadline) {
      await new Promise((r) => this.clock.setTimeout(() => r(undefined), 50));
      for (const r of await this.dump()) if (pending.has(r.uuid) && (r.flags & UAC_FLAGS.ongoing) === 0) pending.delete(r.uuid);
    }
    if (pending.size > 0) this.onProblem(`unregistration not answered within ${UNREGISTER_WAIT_MS} ms: ${[...pending].join(', ')}`);
  }

  /** Before the engine stops: Expires: 0 for every registered record when the parameter says so. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (!this.config.sendUnregister || this.config.rows.length === 0) return;
    try {
      const online = (await this.dump()).filter((r) => (r.flags & UAC_FLAGS.online) !== 0 && r.expires > 0).map((r) => r.uuid);
      await this.unregister(online);
    } catch (e) {
      this.onProblem(`unregistration at shutdown: ${(e as Error).message}`);
    }
  }

  /** Kamailio's records (empty when the engine does not answer). */
  async dump(): Promise<UacRecord[]> {
    return parseUacRegDump(await this.rpc().call('uac.reg_dump', [], 2000));
  }

  private schedule(): void {
    if (this.stopped || this.timer !== null || this.config.rows.length === 0) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => this.schedule());
    }, POLL_MS);
  }

  /** One poll: re-enables each registration whose retry delay has passed since it failed. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const nowSec = Math.floor(this.clock.now() / 1000);
      const wanted = new Set(this.config.rows.map((r) => r.l_uuid));
      for (const r of await this.dump()) {
        if (!wanted.has(r.uuid) || !retryDue(r, nowSec, this.config.retryDelaySec)) continue;
        await this.rpc().call('uac.reg_enable', ['l_uuid', r.uuid]);
      }
    } catch {
      // Engine restarting or not started: the next poll tries again (uacreg's fallback retry holds).
    } finally {
      this.ticking = false;
    }
  }
}
