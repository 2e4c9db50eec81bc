import { Tag } from '@blueprintjs/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { Endpoint } from '@shared/model/endpoint';
import { ENDPOINT_SUPPORT } from '@shared/model/endpointSupport';
import { supportMeta } from '../gateways/columns';
import { GatewayStatusCell } from '../gateways/GatewayStatusCell';
import type { EndpointRegistrations } from './endpointRegistrations';

/** The registration words of one endpoint; `undefined` state while the registrar's answer is not known. */
export function registrationText(t: TFunction, e: Endpoint, regs: EndpointRegistrations | null): { state: string | undefined; label: string; title: string } {
  if (!regs) return { state: undefined, label: '', title: '' };
  const list = regs.byAor.get(e.name) ?? [];
  const first = list[0];
  if (!first) return { state: 'unregistered', label: t('ep.notRegistered'), title: t('ep.notRegisteredTitle') };
  return {
    state: 'registered',
    label: list.some((r) => r.natDetected) ? t('ep.registeredNat') : t('ep.registered'),
    title: t('ep.registeredTitle', { count: list.length, source: first.source ?? first.contact, agent: first.userAgent ?? t('ep.unknownAgent') }),
  };
}

/** `regs`: the registrar's contacts by account (null: not known, the columns show a dash). */
export function endpointColumns(t: TFunction, regs: EndpointRegistrations | null) {
  const c = createColumnHelper<Endpoint>();
  const first = (e: Endpoint) => regs?.byAor.get(e.name)?.[0];
  return [
    c.accessor('name', { header: t('ep.colAccount'), size: 130, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor((e) => registrationText(t, e, regs).label, {
      id: 'registration', header: t('ep.colRegistration'), size: 130,
      cell: (i) => <GatewayStatusCell {...registrationText(t, i.row.original, regs)} />,
    }),
    // Cells read the registrations at render time: the table keeps accessor values per row object,
    // and a new poll answer does not change the endpoint rows.
    c.accessor((e) => first(e)?.source ?? '', { id: 'contact', header: t('ep.colContact'), size: 170, cell: (i) => <span className="mono">{first(i.row.original)?.source ?? ''}</span> }),
    c.accessor((e) => first(e)?.remainingSec ?? -1, {
      id: 'expires', header: t('ep.colExpires'), size: 90,
      cell: (i) => {
        const r = first(i.row.original);
        return r ? t('ep.seconds', { count: r.remainingSec }) : '';
      },
    }),
    c.accessor((e) => (e.enabled ? t('gw.on') : t('gw.off')), { id: 'enabled', header: t('gw.colEnabled'), size: 58, cell: (i) => <Tag minimal intent={i.row.original.enabled ? 'success' : 'none'}>{i.getValue()}</Tag> }),
    c.accessor((e) => (e.password.set ? t('ep.passwordSet') : t('ep.passwordNotSet')), { id: 'password', header: t('ep.colPassword'), size: 96 }),
    c.accessor((e) => (e.allowedRoutingGateways === 'all' ? t('gw.allowedAllShort') : e.allowedRoutingGateways.join(', ')), { id: 'routes', header: t('gw.colRoutes'), size: 160 }),
    c.accessor('notes', { header: t('gw.colNotes'), size: 160, ...supportMeta(t, ENDPOINT_SUPPORT.notes, t('gw.colNotes')) }),
  ];
}
