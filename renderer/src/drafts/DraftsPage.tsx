import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Callout, HTMLTable, Intent, NonIdealState, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { FieldChange, FieldError } from '@shared/model/fieldPath';
import type { HostResult } from '@shared/rpc/hostApi';
import { ChangeList } from '../config/ChangeList';
import { useDraftsSignal } from '../config/DraftsSignal';
import { useHost } from '../host/HostContext';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { ProblemList } from '../config/ProblemList';
import { formatTime } from '../util/time';
import { PushDialog } from './PushDialog';

type Summary = HostResult<'drafts.list'>['drafts'][number];

/** Drafts of one server (kept on this workstation, editable offline): review, push, discard. */
export function DraftsPage({ serverId, serverName }: { serverId: string; serverName: string }) {
  const { t } = useTranslation();
  const host = useHost();
  const signal = useDraftsSignal();
  const [drafts, setDrafts] = useState<Summary[]>([]);
  const [error, setError] = useState<PlainFailure | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [diff, setDiff] = useState<{ changes: FieldChange[]; errors: FieldError[]; warnings: FieldError[] } | null>(null);
  const [pushing, setPushing] = useState(false);
  const [discarding, setDiscarding] = useState(false);

  const load = useCallback(async () => {
    try {
      setDrafts((await host.call('drafts.list', { serverId })).drafts);
      setError(null);
    } catch (e) {
      setError(plainFailure(t, e, 'read'));
    }
  }, [host, serverId, t]);
  useEffect(() => void load(), [load, signal.version]);

  useEffect(() => {
    setDiff(null);
    if (!selected) return;
    let live = true;
    host.call('drafts.diff', { id: selected }).then((r) => live && setDiff(r), (e: unknown) => live && setError(plainFailure(t, e, 'read')));
    return () => { live = false; };
  }, [host, selected, signal.version, t]);

  const discard = async (id: string) => {
    setDiscarding(false);
    try {
      await host.call('drafts.discard', { id });
      setSelected(null);
      signal.changed();
    } catch (e) {
      setError(plainFailure(t, e, 'change'));
    }
  };
  const current = drafts.find((d) => d.id === selected);

  return (
    <div className="page drafts-page">
      {error && <Callout intent={Intent.DANGER} title={t('drafts.failed', { name: serverName })}><FailureNote failure={error} /></Callout>}
      {drafts.length === 0 && !error && <NonIdealState icon="document" title={t('drafts.emptyTitle')} description={t('drafts.empty')} />}
      {drafts.length > 0 && (
        <div className="split">
          <div className="table-scroll draft-list">
            <HTMLTable compact interactive className="dense-table">
              <thead><tr><th>{t('drafts.colTitle')}</th><th>{t('drafts.colBase')}</th><th>{t('drafts.colOps')}</th><th>{t('drafts.colUpdated')}</th></tr></thead>
              <tbody>
                {drafts.map((d) => (
                  <tr key={d.id} className={`${d.id === selected ? 'selected' : ''} ${d.pushed ? 'pushed' : ''}`} onClick={() => setSelected(d.id)}>
                    <td>
                      {d.title || <span className="muted">{t('drafts.untitled')}</span>}
                      {d.pushed && <div><Tag minimal intent={Intent.SUCCESS} icon="tick">{t('drafts.pushedAs', { revision: d.pushed.revision })}</Tag></div>}
                    </td>
                    <td className="num">{d.baseRevision}</td>
                    <td className="num">{d.opCount}</td>
                    <td className="nowrap">{formatTime(d.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
          </div>
          <div className="draft-detail">
            {!current && <p className="muted">{t('drafts.pick')}</p>}
            {current && (
              <>
                <div className="page-toolbar">
                  <strong>{current.title || t('drafts.untitled')}</strong>
                  <span className="spacer" />
                  <Button icon="trash" onClick={() => setDiscarding(true)} text={t('drafts.discard')} />
                  <Button icon="upload" intent={Intent.PRIMARY} onClick={() => setPushing(true)} text={t('drafts.pushEllipsis')} />
                </div>
                {diff && (
                  <>
                    <ChangeList changes={diff.changes} />
                    {diff.errors.length > 0 && <Callout intent={Intent.DANGER} title={t('apply.localErrors')}><ProblemList problems={diff.errors} severity="error" /></Callout>}
                    {diff.warnings.length > 0 && <Callout intent={Intent.WARNING} title={t('apply.warnings')}><ProblemList problems={diff.warnings} severity="warning" /></Callout>}
                  </>
                )}
              </>
            )}
          </div>
        </div>
      )}
      {pushing && current && <PushDialog draftId={current.id} serverId={serverId} onChanged={signal.changed} onClose={() => setPushing(false)} />}
      <Alert isOpen={discarding} intent={Intent.DANGER} icon="trash" cancelButtonText={t('common.cancel')} confirmButtonText={t('drafts.discard')} onCancel={() => setDiscarding(false)} onConfirm={() => current && void discard(current.id)}>
        <p>{t('drafts.discardQuestion', { title: current?.title || t('drafts.untitled') })}</p>
      </Alert>
    </div>
  );
}
