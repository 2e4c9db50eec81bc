import { useEffect, useState } from 'react';
import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { useHost } from '../host/HostContext';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { useToast } from '../util/toast';
import { ApplyDialog } from './ApplyDialog';
import type { ConfigSession, SessionState } from './configSession';
import { useDraftsSignal } from './DraftsSignal';
import { opsCarrySecretValues } from './draftSecrets';
import { useGuardedClose } from '../util/dialogKeys';

interface Props {
  serverName: string;
  session: ConfigSession;
  state: SessionState;
  /** Problems found in the staged configuration (shown as a count; details are in the dialog). */
  problemCount: number;
}

/** The bar that appears while changes are staged: apply them now, keep them as a draft, or drop them. */
export function StagedBar({ serverName, session, state, problemCount }: Props) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'apply' | 'draft' | null>(null);
  const count = state.staged.length;
  // The connection dropped while the apply dialog was open: close it rather than reopen it later.
  if (state.offline && dialog === 'apply') setDialog(null);
  if (count === 0 && dialog === null) return null;
  return (
    <div className="staged-bar" role="region" aria-label={t('staged.region')}>
      <Tag intent={Intent.PRIMARY} large>{t('staged.count', { count })}</Tag>
      {problemCount > 0 && <Tag intent={Intent.WARNING}>{t('staged.problems', { count: problemCount })}</Tag>}
      <span className="spacer" />
      <Button onClick={() => session.clearStaged()} text={t('staged.discard')} variant="minimal" />
      <Button onClick={() => setDialog('draft')} icon="floppy-disk" text={t('staged.saveDraft')} />
      {state.offline && <span className="muted apply-reason" id={`apply-reason-${session.serverId}`}>{t('offline.applyNeedsConnection', { name: serverName })}</span>}
      <Button
        onClick={() => setDialog('apply')}
        icon="upload"
        intent={Intent.PRIMARY}
        text={t('staged.applyNow')}
        disabled={state.offline !== null}
        aria-describedby={state.offline ? `apply-reason-${session.serverId}` : undefined}
      />
      {dialog === 'apply' && <ApplyDialog serverName={serverName} session={session} state={state} onClose={() => setDialog(null)} />}
      {dialog === 'draft' && <SaveDraftDialog serverName={serverName} session={session} state={state} onClose={() => setDialog(null)} />}
    </div>
  );
}

function SaveDraftDialog({ serverName, session, state, onClose }: { serverName: string; session: ConfigSession; state: SessionState; onClose: () => void }) {
  const { t } = useTranslation();
  const host = useHost();
  const toast = useToast();
  const drafts = useDraftsSignal();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PlainFailure | null>(null);
  const unencrypted = useUnencryptedDraftSecrets(state.staged);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await host.call('drafts.create', { serverId: session.serverId, title: title.trim() });
      const updated = await host.call('drafts.update', { id: created.draft.id, expectedVersion: created.draft.version, ops: [...state.staged] });
      session.clearStaged();
      drafts.changed();
      toast(t('staged.draftSaved', { title: updated.draft.title || t('drafts.untitled'), name: serverName, count: updated.errors.length }), updated.errors.length ? Intent.WARNING : Intent.SUCCESS);
      onClose();
    } catch (e) {
      setError(plainFailure(t, e, 'change'));
    } finally {
      setBusy(false);
    }
  };

  const guard = useGuardedClose(title.trim() !== '', onClose);
  return (
    <Dialog isOpen title={t('staged.saveDraftTitle', { name: serverName })} icon="floppy-disk" onClose={guard.requestClose}>
      {/* Esc or the close button asks before throwing away what was typed. */}
      {guard.prompt}
      <DialogBody>
        <FormGroup label={t('staged.draftTitle')} labelFor="draft-title" helperText={error ? <FailureNote failure={error} /> : t('staged.draftHelp')} intent={error ? Intent.DANGER : Intent.NONE}>
          <InputGroup id="draft-title" autoFocus value={title} maxLength={200} onValueChange={setTitle} />
        </FormGroup>
        {unencrypted && (
          <Callout intent={Intent.WARNING} icon="unlock" title={t('staged.draftSecretsUnencryptedTitle')}>
            {t('staged.draftSecretsUnencrypted')}
          </Callout>
        )}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button onClick={onClose} text={t('common.cancel')} />
            <Button intent={Intent.PRIMARY} loading={busy} onClick={() => void save()} text={t('staged.saveDraft')} />
          </>
        }
      />
    </Dialog>
  );
}

/**
 * True when these ops carry a password and this workstation keeps drafts' passwords unencrypted
 * (browser shell, or no OS keychain): the operator is told before saving, not after.
 */
function useUnencryptedDraftSecrets(staged: SessionState['staged']): boolean {
  const host = useHost();
  const carries = opsCarrySecretValues(staged);
  const [encrypted, setEncrypted] = useState<boolean | null>(null);
  useEffect(() => {
    if (!carries) return;
    let live = true;
    host.call('drafts.secretStorage', {}).then(
      (r) => live && setEncrypted(r.encrypted),
      // Not knowing is treated as not encrypted: a needless warning beats a missing one.
      () => live && setEncrypted(false),
    );
    return () => {
      live = false;
    };
  }, [host, carries]);
  return carries && encrypted === false;
}
