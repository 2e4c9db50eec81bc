import { useState } from 'react';
import { Button, Callout, Checkbox, Dialog, DialogBody, DialogFooter, FormGroup, HTMLTable, InputGroup, Intent, NumericInput, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { PushResult } from '@shared/rpc/hostApi';
import { useHost } from '../host/HostContext';
import { useServers } from '../servers/ServersContext';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { ProblemList } from '../config/ProblemList';
import { ConflictResolver } from './ConflictResolver';
import { useGuardedClose } from '../util/dialogKeys';

interface Props {
  draftId: string;
  serverId: string;
  /** The draft changed on the host (pushed or rebased): lists behind the dialog should refresh now. */
  onChanged: () => void;
  onClose: () => void;
}

const OUTCOME_INTENT = { applied: Intent.SUCCESS, 'dry-run': Intent.PRIMARY, conflict: Intent.WARNING, invalid: Intent.DANGER, failed: Intent.DANGER } as const;

/** Push a draft to its server or to several; each server answers for itself. */
export function PushDialog({ draftId, serverId, onChanged, onClose }: Props) {
  const { t } = useTranslation();
  const host = useHost();
  const { servers, stateOf, byId } = useServers();
  const [targets, setTargets] = useState<string[]>([serverId]);
  const [withConfirm, setWithConfirm] = useState(false);
  const [seconds, setSeconds] = useState(120);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<PushResult[] | null>(null);
  const [rebasedTo, setRebasedTo] = useState<number | null>(null);
  const [error, setError] = useState<PlainFailure | null>(null);
  // Once every target applied it, pushing again would only repeat the same change.
  const [done, setDone] = useState(false);

  const opts = { ...(withConfirm ? { confirmWithinSec: seconds } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) };
  const push = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    setRebasedTo(null);
    try {
      const only = targets.length === 1 && targets[0] === serverId;
      const r = only ? [await host.call('drafts.push', { id: draftId, dryRun, ...opts })] : (await host.call('drafts.fleetPush', { id: draftId, serverIds: targets, dryRun, ...opts })).results;
      setResults(r);
      if (!dryRun && r.some((x) => x.outcome === 'applied')) onChanged();
      if (!dryRun && r.every((x) => x.outcome === 'applied')) setDone(true);
    } catch (e) {
      setError(plainFailure(t, e, 'change'));
    } finally {
      setBusy(false);
    }
  };
  const resolve = async (choices: Record<string, 'mine' | 'theirs'>) => {
    setBusy(true);
    setError(null);
    try {
      const r = await host.call('drafts.resolve', { id: draftId, choices });
      setResults(null);
      setRebasedTo(r.draft.baseRevision);
      onChanged();
    } catch (e) {
      setError(plainFailure(t, e, 'change'));
    } finally {
      setBusy(false);
    }
  };
  const ownConflict = results?.find((r): r is Extract<PushResult, { outcome: 'conflict' }> => r.outcome === 'conflict' && r.serverId === serverId);

  const guard = useGuardedClose(comment.trim() !== '' && results === null, onClose);
  return (
    <Dialog isOpen title={t('drafts.pushTitle')} icon="upload" onClose={guard.requestClose} className="push-dialog" style={{ width: 'min(1040px, calc(100vw - 40px))' }}>
      {/* Esc or the close button asks before throwing away what was typed. */}
      {guard.prompt}
      <DialogBody>
        <p>{t('drafts.pushTargets')}</p>
        <div className="target-list">
          {servers.map((s) => (
            <Checkbox key={s.id} checked={targets.includes(s.id)} disabled={stateOf(s.id) !== 'connected'} label={`${s.name}${stateOf(s.id) !== 'connected' ? ` (${t(`state.${stateOf(s.id)}`)})` : ''}${s.id === serverId ? ` — ${t('drafts.ownServer')}` : ''}`} onChange={(e) => { const on = e.currentTarget.checked; setTargets((x) => (on ? [...x, s.id] : x.filter((y) => y !== s.id))); }} />
          ))}
        </div>
        <div className="apply-options">
          <Checkbox checked={withConfirm} onChange={(e) => setWithConfirm(e.currentTarget.checked)} label={t('apply.confirmLabel')} />
          <NumericInput value={seconds} min={10} max={3600} disabled={!withConfirm} onValueChange={(n) => setSeconds(Number.isFinite(n) ? Math.round(n) : 120)} aria-label={t('apply.confirmSeconds')} style={{ width: 70 }} />
          <span>{t('units.seconds')}</span>
        </div>
        <FormGroup label={t('apply.comment')} labelFor="push-comment">
          <InputGroup id="push-comment" value={comment} maxLength={1000} onValueChange={setComment} placeholder={t('apply.commentPlaceholder')} />
        </FormGroup>
        {error && <Callout intent={Intent.DANGER}><FailureNote failure={error} /></Callout>}
        {rebasedTo !== null && <Callout intent={Intent.SUCCESS}>{t('drafts.rebased', { revision: rebasedTo })}</Callout>}
        {results && (
          <HTMLTable compact className="dense-table push-results">
            <thead><tr><th>{t('drafts.server')}</th><th>{t('drafts.outcome')}</th><th>{t('drafts.details')}</th></tr></thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.serverId}>
                  <td>{byId(r.serverId)?.name ?? r.serverId}</td>
                  <td><Tag intent={OUTCOME_INTENT[r.outcome]}>{t(`drafts.outcome_${r.outcome}`)}</Tag></td>
                  <td>
                    {r.outcome === 'applied' && t('drafts.appliedAs', { revision: r.revision }) + (r.pendingConfirmUntil ? ` ${t('drafts.needsConfirm')}` : '')}
                    {r.outcome === 'dry-run' && t('drafts.wouldChange', { count: r.changes.length })}
                    {r.outcome === 'invalid' && <ProblemList problems={r.errors} severity="error" />}
                    {r.outcome === 'failed' && `${r.message} (${r.code})`}
                    {r.outcome === 'conflict' && (r.serverId === serverId ? t('drafts.conflictBelow', { count: r.conflicts.length }) : t('drafts.conflictOther', { count: r.conflicts.length }))}
                  </td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        )}
        {/* Below the results rather than inside a cell, so the choice column has the dialog's full width. */}
        {ownConflict && <ConflictResolver conflicts={ownConflict.conflicts} busy={busy} onResolve={(c) => void resolve(c)} />}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button onClick={onClose} text={t('common.close')} />
            <Button onClick={() => void push(true)} disabled={targets.length === 0 || done} loading={busy} text={t('drafts.dryRun')} />
            <Button intent={Intent.PRIMARY} onClick={() => void push(false)} disabled={targets.length === 0 || done} loading={busy} text={t('drafts.push', { count: targets.length })} />
          </>
        }
      />
    </Dialog>
  );
}
