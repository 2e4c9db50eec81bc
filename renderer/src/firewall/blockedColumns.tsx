import { Tag } from '@blueprintjs/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { BlockedSource } from '@shared/rpc/firewallApi';
import { formatDuration } from '../calls/callColumns';
import { secondsBetween } from '../registrations/registrationColumns';
import { formatTime } from '../util/time';

const ORIGIN_INTENT = { operator: 'primary', suspension: 'danger', other: 'none' } as const;

export function blockedColumns(t: TFunction, now: number) {
  const c = createColumnHelper<BlockedSource>();
  return [
    c.accessor('address', { header: t('firewall.colAddress'), size: 150, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor('origin', {
      header: t('firewall.colOrigin'), size: 200,
      cell: (i) => <Tag minimal intent={ORIGIN_INTENT[i.getValue()]}>{t(`firewall.origin_${i.getValue()}`, { by: i.row.original.by })}</Tag>,
    }),
    c.accessor((b) => secondsBetween(now, b.endsAt), { id: 'remaining', header: t('firewall.colRemaining'), size: 120, cell: (i) => formatDuration(i.getValue<number>()) }),
    c.accessor('endsAt', { header: t('firewall.colEndsAt'), size: 200, cell: (i) => formatTime(i.getValue()) }),
  ];
}
