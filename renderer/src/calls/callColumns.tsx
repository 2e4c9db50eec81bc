import { Tag } from '@blueprintjs/core';
import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import { callDurationSec } from '@shared/calls/callRules';
import type { Call, CallState } from '@shared/rpc/callsApi';
import { formatClock } from '../util/time';

const STATE_INTENT: Record<CallState, 'none' | 'primary' | 'success' | 'warning'> = { setup: 'none', ringing: 'primary', answered: 'success', ending: 'warning' };

/** 75 s → "1:15", 3725 s → "1:02:05". */
export function formatDuration(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Local wall-clock time of day; calls are hours old at most, so the date would only add noise. */
export function clockTime(ms: number): string {
  return formatClock(ms);
}

export function callColumns(t: TFunction, now: number) {
  const c = createColumnHelper<Call>();
  return [
    c.accessor('state', { header: t('calls.colState'), size: 90, minSize: 85, cell: (i) => <Tag minimal intent={STATE_INTENT[i.getValue()]}>{t(`calls.state_${i.getValue()}`)}</Tag> }),
    // State, numbers, codec, time and address stay whole when the pane is narrow (minSize): the Call-ID
    // gives way first, and where even that is not enough the table scrolls sideways in its own box.
    c.accessor('caller', { header: t('calls.colCaller'), size: 130, minSize: 105, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor('callee', { header: t('calls.colCallee'), size: 130, minSize: 105, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor((r) => r.mappingGateway ?? '', { id: 'mappingGateway', header: t('calls.colMapping'), size: 130 }),
    c.accessor((r) => r.routingGateway ?? '', { id: 'routingGateway', header: t('calls.colRouting'), size: 130 }),
    c.accessor((r) => r.codec ?? '', { id: 'codec', header: t('calls.colCodec'), size: 100, minSize: 95 }),
    c.accessor('startedAt', { header: t('calls.colStarted'), size: 90, minSize: 82, cell: (i) => clockTime(i.getValue()) }),
    c.accessor((r) => callDurationSec(r, now), { id: 'duration', header: t('calls.colDuration'), size: 80, cell: (i) => (i.row.original.answeredAt === null ? '—' : formatDuration(i.getValue<number>())) }),
    c.accessor((r) => r.source ?? '', { id: 'source', header: t('calls.colSource'), size: 150, minSize: 132, cell: (i) => <span className="mono">{i.getValue()}</span> }),
    c.accessor('callId', { header: t('calls.colCallId'), size: 220, cell: (i) => <span className="mono">{i.getValue()}</span> }),
  ];
}
