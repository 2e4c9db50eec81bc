import { useMemo, useState } from 'react';
import { Button, Callout, Checkbox, Dialog, DialogBody, DialogFooter, FormGroup, HTMLTable, InputGroup, Intent, NumericInput } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { describeChanges } from '@shared/config';
import { CONFIRM_WITHIN_SEC } from '@shared/rpc/agentApi';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { useToast } from '../util/toast';
import { ChangeList } from './ChangeList';
import { ProblemList } from './ProblemList';
import { FailureNote } from '../util/FailureDetails';
import { classifyApplyError, type ApplyFailure } from './applyErrors';
import type { ConfigSession, SessionState } from './configSession';
import { effectiveConfig } from './staging';
import { formatAbsent, formatJsonValue } from './valueText';
import { useGuardedClose } from '../util/dialogKeys';

interface Props {
  serverName: string;
  session: ConfigSession;
  state: SessionState;
  onClose: () => void;
}

/** Shows what the staged ops change, then applies them with optional automatic rollback. */
export function ApplyDialog({ serverName, session, state, onClose }: Props) {
  const { t } = useTranslation();
  const host = useHost();
  const toast = useToast();
  const [withConfirm, setWithConfirm] = useState(false);
  const [seconds, setSeconds] = useState<number | null>(120);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApplyFailure | null>(null);
  const base = state.snapshot;
  const eff = useMemo(() => (base ? effectiveConfig(base, state.staged) : null), [base, state.staged]);
  const changes = useMemo(() => (base && eff ? describeChanges(base, eff.snapshot) : []), [base, eff]);
  const guard = useGuardedClose(comment.trim() !== '' || withConfirm, onClose);
  if (!base || !eff) return null;
  const localErrors = [...eff.opErrors, ...eff.report.errors];
  // The agent refuses a confirm window outside its range; say so here instead of after the round trip.
  const secondsError = withConfirm && (seconds === null || seconds < CONFIRM_WITHIN_SEC.min || seconds > CONFIRM_WITHIN_SEC.max) ? t('apply.confirmRange', CONFIRM_WITHIN_SEC) : null;

  const apply = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const r = await callAgent(host, session.serverId, 'config.apply', {
        baseRevision: base.revision,
        ops: [...state.staged],
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(withConfirm && seconds !== null ? { confirmWithinSec: seconds } : {}),
      });
      session.clearStaged();
      await session.load();
      toast(r.pendingConfirmUntil ? t('apply.appliedPending', { name: serverName, revision: r.revision }) : t('apply.applied', { name: serverName, revision: r.revision }), Intent.SUCCESS);
      onClose();
    } catch (e) {
      setFailure(classifyApplyError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog isOpen title={t('apply.title', { name: serverName, revision: base.revision })} icon="upload" onClose={guard.requestClose} style={{ width: 760 }}>
      {/* Esc or the close button asks before throwing away what was typed. */}
      {guard.prompt}
      <DialogBody>
        <ChangeList changes={changes} />
        {localErrors.length > 0 && (
          <Callout intent={Intent.WARNING} title={t('apply.localErrors')}>
            <ProblemList problems={localErrors} severity="error" />
          </Callout>
        )}
        {eff.report.warnings.length > 0 && (
          <Callout intent={Intent.NONE} title={t('apply.warnings')}>
            <ProblemList problems={eff.report.warnings} severity="warning" />
          </Callout>
        )}
        <div className="apply-options">
          <Checkbox checked={withConfirm} onChange={(e) => setWithConfirm(e.currentTarget.checked)} label={t('apply.confirmLabel')} />
          <NumericInput value={seconds ?? ''} min={CONFIRM_WITHIN_SEC.min} max={CONFIRM_WITHIN_SEC.max} clampValueOnBlur={false} disabled={!withConfirm} intent={secondsError ? Intent.DANGER : Intent.NONE} onValueChange={(n) => setSeconds(Number.isFinite(n) ? Math.round(n) : null)} aria-label={t('apply.confirmSeconds')} aria-invalid={secondsError !== null} aria-describedby={secondsError ? 'confirm-seconds-error' : undefined} style={{ width: 70 }} />
          <span>{t('units.seconds')}</span>
          {secondsError && <span className="error-text" id="confirm-seconds-error">{secondsError}</span>}
        </div>
        <p className="muted">{t('apply.confirmHelp')}</p>
        <FormGroup label={t('apply.comment')} labelFor="apply-comment">
          <InputGroup id="apply-comment" value={comment} maxLength={1000} onValueChange={setComment} placeholder={t('apply.commentPlaceholder')} />
        </FormGroup>
        {failure && <FailureView failure={failure} onReload={() => { setFailure(null); void session.load(); }} />}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button onClick={onClose} text={t('common.cancel')} />
            <Button intent={Intent.PRIMARY} onClick={() => void apply()} loading={busy} disabled={changes.length === 0 || secondsError !== null} text={t('apply.applyNow')} />
          </>
        }
      />
    </Dialog>
  );
}

function FailureView({ failure, onReload }: { failure: ApplyFailure; onReload: () => void }) {
  const { t } = useTranslation();
  const show = (path: string, v: unknown) => (v === undefined ? formatAbsent(path, t('changes.absent'), t('changes.atDefault')) : formatJsonValue(path, v));
  if (failure.kind === 'conflict') {
    return (
      <Callout intent={Intent.DANGER} title={t('apply.conflictTitle', { revision: failure.data.currentRevision })}>
        <p>{t('apply.conflictExplain')}</p>
        <HTMLTable compact className="dense-table">
          <thead><tr><th>{t('changes.field')}</th><th>{t('apply.base')}</th><th>{t('apply.mine')}</th><th>{t('apply.theirs')}</th></tr></thead>
          <tbody>
            {failure.data.conflicts.map((c) => (
              <tr key={c.path} data-testid="conflict-row">
                <td className="mono">{c.path}</td>
                <td className="mono">{show(c.path, c.base)}</td>
                <td className="mono">{show(c.path, c.mine)}</td>
                <td className="mono">{show(c.path, c.theirs)}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
        <Button onClick={onReload} icon="refresh" text={t('apply.reloadKeepMine')} />
      </Callout>
    );
  }
  if (failure.kind === 'invalid') {
    return (
      <Callout intent={Intent.DANGER} title={t('apply.invalidTitle')}>
        <ProblemList problems={failure.data.errors} severity="error" testId="invalid-row" />
      </Callout>
    );
  }
  return <Callout intent={Intent.DANGER} title={t('apply.failedTitle')}><FailureNote failure={failure.failure} /></Callout>;
}
