import type { TFunction } from 'i18next';
import type { OutboundRegistrationStatus, OutboundRegistrationsResult } from '@shared/rpc/outboundRegistrationsApi';
import { formatClock } from '../util/time';

// 24-hour local time of day, as everywhere else (not the browser locale's 12-hour form).
const time = (ms: number | null) => (ms === null ? '' : formatClock(ms));

/** The words of a routing gateway's registration state and the sentence under the mouse. */
export function registrationStateText(t: TFunction, s: OutboundRegistrationStatus, r: OutboundRegistrationsResult): { label: string; title: string } {
  return {
    label: t(`gwReg.${s.state}`),
    title: t(`gwReg.${s.state}Title`, {
      registrar: s.registrar, until: time(s.expiresAt), asked: s.requestedExpiresSec, failedAt: time(s.failedAt), next: time(s.nextAttemptAt), delay: r.retryDelaySec,
    }),
  };
}
