import { Button, HTMLTable, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Suspension } from '@shared/rpc/registrationsApi';
import { formatDuration } from '../calls/callColumns';
import { secondsBetween } from './registrationColumns';

interface Props {
  suspensions: readonly Suspension[];
  now: number;
  onLift: (s: Suspension) => void;
}

/** Sources the authentication and REGISTER-flood limits suspend now, each with "Lift". */
export function SuspensionsTable({ suspensions, now, onLift }: Props) {
  const { t } = useTranslation();
  if (suspensions.length === 0) return <p className="muted suspensions-none">{t('registrations.noSuspensions')}</p>;
  return (
    <HTMLTable compact striped className="suspensions-table" aria-label={t('registrations.suspensionsLabel')}>
      <thead>
        <tr>
          <th>{t('registrations.colAddress')}</th>
          <th>{t('registrations.colKind')}</th>
          <th>{t('registrations.colFailures')}</th>
          <th>{t('registrations.colRemaining')}</th>
          <th>{t('registrations.colReason')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {suspensions.map((s) => (
          <tr key={`${s.kind}:${s.address}`} data-suspension={`${s.kind}:${s.address}`}>
            <td className="mono">{s.address}</td>
            <td><Tag minimal intent={s.kind === 'authentication' ? 'danger' : 'warning'}>{t(`registrations.kind_${s.kind}`)}</Tag></td>
            <td>{s.failures ?? '—'}</td>
            <td>{formatDuration(secondsBetween(now, s.endsAt))}</td>
            <td>{s.reason}</td>
            <td><Button small icon="unlock" text={t('registrations.lift')} aria-label={t('registrations.liftLabel', { address: s.address, kind: t(`registrations.kind_${s.kind}`) })} onClick={() => onLift(s)} /></td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}
