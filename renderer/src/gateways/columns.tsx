import { Tag } from '@blueprintjs/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { EngineSupport } from '@shared/catalog';
import { MAPPING_GATEWAY_SUPPORT, ROUTING_GATEWAY_SUPPORT } from '@shared/model/gatewaySupport';
import type { MappingGateway } from '@shared/model/mappingGateway';
import type { RoutingGateway } from '@shared/model/routingGateway';
import type { GatewayStatusResult } from '@shared/rpc/gatewaysApi';
import type { OutboundRegistrationsResult } from '@shared/rpc/outboundRegistrationsApi';
import { GatewayStatusCell, mappingStatusText, routingStatusText } from './GatewayStatusCell';
import { registrationStateText } from './registrationStateText';

const limit = (v: number | null) => (v === null ? '—' : String(v));

/**
 * Column meta for a setting the switch only stores: greyed, with the reason on its header (gatewaySupport.ts
 * decides); for one that is no engine setting (notes): not greyed, a plain note on its header.
 * `fullName`: the column's whole name when the header shows a shorter label.
 */
export function supportMeta(t: TFunction, s: EngineSupport, header: string, fullName?: string) {
  const meta = {
    ...(fullName ? { fullName } : {}),
    ...(s.status === 'stored' ? { mutedReason: t('dense.engine.colStored', { column: header }) } : {}),
    ...(s.status === 'not-engine' ? { notEngine: t('dense.engine.colNotEngine', { column: header }) } : {}),
  };
  return Object.keys(meta).length > 0 ? { meta } : {};
}

/**
 * `status`: the server's gateways.status answer; `registrations`: its gateways.registrations answer
 * (null: not known, the column shows a dash).
 */
export function routingColumns(t: TFunction, status: GatewayStatusResult | null = null, registrations: OutboundRegistrationsResult | null = null) {
  const c = createColumnHelper<RoutingGateway>();
  const byName = new Map((status?.routing ?? []).map((g) => [g.name, g]));
  const regByName = new Map((registrations?.items ?? []).map((g) => [g.name, g]));
  return [
    c.accessor('name', { header: t('gw.colName'), size: 120, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor((g) => byName.get(g.name)?.state ?? '', {
      id: 'status', header: t('gwStatus.colStatus'), size: 120, minSize: 118,
      cell: (i) => {
        const s = byName.get(i.row.original.name);
        return s && status ? <GatewayStatusCell state={s.state} {...routingStatusText(t, s, status)} /> : <GatewayStatusCell state={undefined} label="" title="" />;
      },
    }),
    c.accessor((g) => (g.enabled ? t('gw.on') : t('gw.off')), { id: 'enabled', header: t('gw.colEnabled'), size: 58, cell: (i) => <Tag minimal intent={i.row.original.enabled ? 'success' : 'none'}>{i.getValue()}</Tag> }),
    // No prefixes means every number (for "all except" too: it excludes nothing).
    c.accessor((g) => (g.prefixes.length === 0 ? t('gw.allNumbers') : `${g.prefixMode === 'deny' ? '¬ ' : ''}${g.prefixes.join(', ')}`), { id: 'prefixes', header: t('gw.colPrefixes'), size: 115 }),
    c.accessor('priority', { header: t('gw.colPriority'), size: 70 }),
    c.accessor((g) => g.addresses.map((a) => `${a.host}:${a.port}/${a.transport}`).join(', '), { id: 'addresses', header: t('gw.colAddresses'), size: 190, minSize: 150, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor((g) => limit(g.maxConcurrentCalls), { id: 'capacity', header: t('gw.colCapacity'), size: 96, ...supportMeta(t, ROUTING_GATEWAY_SUPPORT.maxConcurrentCalls, t('gw.colCapacity')) }),
    c.accessor((g) => limit(g.cpsLimit), { id: 'cps', header: t('gw.colCps'), size: 64, ...supportMeta(t, ROUTING_GATEWAY_SUPPORT.cpsLimit, t('gw.colCps')) }),
    c.accessor((g) => (g.registration.enabled ? g.registration.username : ''), { id: 'registration', header: t('gw.colRegistrationShort'), size: 90, ...supportMeta(t, ROUTING_GATEWAY_SUPPORT.registration, t('gw.colRegistration'), t('gw.colRegistration')) }),
    c.accessor((g) => regByName.get(g.name)?.state ?? '', {
      id: 'registrationState', header: t('gw.colRegistrationStateShort'), size: 100, meta: { fullName: t('gw.colRegistrationState') },
      cell: (i) => {
        const s = regByName.get(i.row.original.name);
        return s && registrations ? <GatewayStatusCell state={s.state} {...registrationStateText(t, s, registrations)} /> : <GatewayStatusCell state={undefined} label="" title="" />;
      },
    }),
    c.accessor('notes', { header: t('gw.colNotes'), size: 100, ...supportMeta(t, ROUTING_GATEWAY_SUPPORT.notes, t('gw.colNotes')) }),
  ];
}

export function mappingColumns(t: TFunction, status: GatewayStatusResult | null = null) {
  const c = createColumnHelper<MappingGateway>();
  const byName = new Map((status?.mapping ?? []).map((g) => [g.name, g]));
  return [
    c.accessor('name', { header: t('gw.colName'), size: 150, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor((g) => byName.get(g.name)?.state ?? '', {
      id: 'status', header: t('gwStatus.colStatus'), size: 110, minSize: 100,
      cell: (i) => {
        const s = byName.get(i.row.original.name);
        return s && status ? <GatewayStatusCell state={s.state} {...mappingStatusText(t, s, status)} /> : <GatewayStatusCell state={undefined} label="" title="" />;
      },
    }),
    c.accessor((g) => (g.enabled ? t('gw.on') : t('gw.off')), { id: 'enabled', header: t('gw.colEnabled'), size: 58, cell: (i) => <Tag minimal intent={i.row.original.enabled ? 'success' : 'none'}>{i.getValue()}</Tag> }),
    c.accessor((g) => t(`gw.auth_${g.authMode}`), { id: 'authMode', header: t('gw.colAuth'), size: 110 }),
    c.accessor((g) => (g.authMode === 'password' ? g.username : g.ips.map((a) => (a.port === null ? a.ip : `${a.ip}:${a.port}`)).join(', ')), { id: 'source', header: t('gw.colSource'), size: 190, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor((g) => limit(g.maxConcurrentCalls), { id: 'capacity', header: t('gw.colCapacity'), size: 96, ...supportMeta(t, MAPPING_GATEWAY_SUPPORT.maxConcurrentCalls, t('gw.colCapacity')) }),
    c.accessor((g) => limit(g.cpsLimit), { id: 'cps', header: t('gw.colCps'), size: 64, ...supportMeta(t, MAPPING_GATEWAY_SUPPORT.cpsLimit, t('gw.colCps')) }),
    c.accessor((g) => (g.allowedRoutingGateways === 'all' ? t('gw.allowedAllShort') : g.allowedRoutingGateways.join(', ')), { id: 'routes', header: t('gw.colRoutes'), size: 160 }),
    c.accessor('notes', { header: t('gw.colNotes'), size: 120, ...supportMeta(t, MAPPING_GATEWAY_SUPPORT.notes, t('gw.colNotes')) }),
  ];
}
