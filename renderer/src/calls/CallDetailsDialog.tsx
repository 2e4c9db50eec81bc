import { useEffect, useState } from 'react';
import { Callout, Dialog, DialogBody, HTMLTable, Intent, Spinner } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Call } from '@shared/rpc/callsApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { clockTime } from './callColumns';

/** One call as the agent sees it now, with rtpengine's media for each leg. */
export function CallDetailsDialog({ serverId, call, onClose }: { serverId: string; call: Call; onClose: () => void }) {
  const { t } = useTranslation();
  const host = useHost();
  const [detail, setDetail] = useState<Call | null>(null);
  const [error, setError] = useState<PlainFailure | null>(null);
  useEffect(() => {
    let gone = false;
    callAgent(host, serverId, 'calls.get', { id: call.id }).then(
      (r) => !gone && setDetail(r.call),
      (e: unknown) => !gone && setError(plainFailure(t, e, 'read')),
    );
    return () => { gone = true; };
  }, [host, serverId, call.id]);
  const shown = detail ?? call;
  const media = detail?.media;
  const row = (label: string, value: string | null) => <tr><th>{label}</th><td className="mono">{value ?? '—'}</td></tr>;
  return (
    <Dialog isOpen onClose={onClose} title={t('calls.detailsTitle', { caller: shown.caller, callee: shown.callee })} style={{ width: 720 }}>
      <DialogBody>
        {error && <Callout intent={Intent.WARNING}><FailureNote failure={error} /></Callout>}
        <HTMLTable compact className="kv-table">
          <tbody>
            {row(t('calls.colCallId'), shown.callId)}
            {row(t('calls.colMapping'), shown.mappingGateway)}
            {row(t('calls.colRouting'), shown.routingGateway && `${shown.routingGateway} (${shown.routingAddress ?? '?'})`)}
            {row(t('calls.colSource'), shown.source)}
            {row(t('calls.colCodec'), shown.codec)}
            {row(t('calls.colStarted'), clockTime(shown.startedAt))}
            {row(t('calls.answeredAt'), shown.answeredAt === null ? null : clockTime(shown.answeredAt))}
          </tbody>
        </HTMLTable>
        <h4>{t('calls.media')}</h4>
        {!detail && !error && <Spinner size={20} />}
        {detail && !media && <p className="muted">{t('calls.noMedia')}</p>}
        {media && (
          <>
            <p>{t('calls.mediaTotals', { packets: media.rtp.packets, errors: media.rtp.errors, loss: media.lossPct === null ? t('calls.noRtcp') : `${media.lossPct} %`, jitter: media.jitterMs === null ? '—' : `${media.jitterMs} ms` })}</p>
            <HTMLTable compact striped>
              <thead><tr><th>{t('calls.leg')}</th><th>{t('calls.stream')}</th><th>{t('calls.local')}</th><th>{t('calls.remote')}</th><th>{t('calls.packets')}</th><th>{t('calls.errors')}</th></tr></thead>
              <tbody>
                {media.legs.flatMap((l) => l.streams.map((s, i) => (
                  <tr key={`${l.leg}-${i}`}>
                    <td>{t(`calls.leg_${l.leg}`)}</td><td>{s.kind.toUpperCase()}</td><td className="mono">{s.local}</td><td className="mono">{s.remote ?? '—'}</td><td>{s.packets}</td><td>{s.errors}</td>
                  </tr>
                )))}
              </tbody>
            </HTMLTable>
          </>
        )}
      </DialogBody>
    </Dialog>
  );
}
