// `gateways.registrations` (PROTOCOL.md §6.10): each routing gateway's registration to its carrier,
// read from Kamailio's uacreg records (`uac.reg_dump`) when asked, named by the configuration.
import type { ConfigSnapshot } from '@shared/model';
import type { OUTBOUND_REGISTRATION_METHODS, OutboundRegistrationsResult } from '@shared/rpc/outboundRegistrationsApi';
import type { HandlerMap } from '../rpc/dispatcher';
import { parseUacRegDump, recordView, uacRegConfig, type UacRecord, type UacRegConfig } from '../engine/kamailio/uacReg';
import type { ProbeRpc } from './index';

const ms = (sec: number | null) => (sec === null ? null : Math.max(sec, 0) * 1000);

/** Pure: the answer for `config` and Kamailio's records (null: the engine did not answer). */
export function outboundRegistrationStatus(config: UacRegConfig, records: UacRecord[] | null, nowMs: number): OutboundRegistrationsResult {
  const byUuid = new Map((records ?? []).map((r) => [r.uuid, r]));
  const nowSec = Math.floor(nowMs / 1000);
  return {
    at: nowMs,
    retryDelaySec: config.retryDelaySec,
    items: config.rows.map((row) => {
      const base = { name: row.l_uuid, registrar: row.r_domain, requestedExpiresSec: row.expires };
      const r = byUuid.get(row.l_uuid);
      // Not (yet) loaded by Kamailio: an apply under way, or the engine starting.
      if (!r) return { ...base, state: records === null ? 'unknown' : 'waiting', expiresAt: null, failedAt: null, nextAttemptAt: null };
      const v = recordView(r, nowSec, config.retryDelaySec);
      return { ...base, state: v.state, expiresAt: ms(v.expiresAt), failedAt: ms(v.failedAt), nextAttemptAt: ms(v.nextAttemptAt) };
    }),
  };
}

export function outboundRegistrationHandlers(d: { current: () => ConfigSnapshot; rpc: () => ProbeRpc | null; now?: () => number }): HandlerMap<typeof OUTBOUND_REGISTRATION_METHODS> {
  const now = d.now ?? Date.now;
  return {
    'gateways.registrations': async () => {
      let config: UacRegConfig;
      try {
        config = uacRegConfig(d.current());
      } catch {
        // The configuration in force was applied, so it maps; this guards an engine-less agent.
        return { at: now(), retryDelaySec: 0, items: [] };
      }
      let records: UacRecord[] | null = null;
      if (config.rows.length > 0) {
        try {
          const rpc = d.rpc();
          records = rpc ? parseUacRegDump(await rpc.call('uac.reg_dump', [], 2000)) : null;
        } catch {
          records = null;
        }
      }
      return outboundRegistrationStatus(config, records, now());
    },
  };
}
