import { Tag } from '@blueprintjs/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { Registration } from '@shared/rpc/registrationsApi';
import { formatDuration } from '../calls/callColumns';

/** Seconds from `from` to `to`, never negative (clocks of the agent and this machine may differ a little). */
export function secondsBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / 1000));
}

export function registrationColumns(t: TFunction, now: number) {
  const c = createColumnHelper<Registration>();
  return [
    c.accessor('aor', { header: t('registrations.colAor'), size: 110, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor('contact', { header: t('registrations.colContact'), size: 250, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor((r) => r.source ?? '', { id: 'source', header: t('registrations.colSource'), size: 160, cell: (i) => <span className="mono">{i.getValue() || '—'}</span> }),
    c.accessor((r) => r.transport?.toUpperCase() ?? '', { id: 'transport', header: t('registrations.colTransport'), size: 80, cell: (i) => i.getValue() || '—' }),
    c.accessor('natDetected', {
      header: t('registrations.colNat'), size: 70,
      cell: (i) => (i.getValue() ? <Tag minimal intent="warning" title={t('registrations.natHint')}>{t('registrations.nat')}</Tag> : <span className="muted">{t('registrations.noNat')}</span>),
    }),
    c.accessor((r) => r.userAgent ?? '', { id: 'userAgent', header: t('registrations.colUserAgent'), size: 190 }),
    c.accessor((r) => secondsBetween(r.registeredAt, now), { id: 'age', header: t('registrations.colAge'), size: 110, cell: (i) => formatDuration(i.getValue<number>()) }),
    c.accessor((r) => secondsBetween(now, r.expiresAt), { id: 'expires', header: t('registrations.colExpires'), size: 100, cell: (i) => formatDuration(i.getValue<number>()) }),
  ];
}
