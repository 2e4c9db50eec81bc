import { Button, Callout, Dialog, DialogBody, DialogFooter, Intent } from '@blueprintjs/core';
import { Trans, useTranslation } from 'react-i18next';
import { knownHostsName, verifyCommand } from './hostKeyText';
import type { HostKeyPrompt } from './useConnectFlow';

interface Props {
  prompt: HostKeyPrompt;
  serverName: string;
  busy: boolean;
  onDecide: (decision: 'accept-once' | 'accept-save' | 'reject') => void;
}

/**
 * First contact shows the key and how to check it on the server (Cockpit's approach). A changed key
 * is a hard stop: the only way on is to fix known_hosts deliberately, so no button accepts it.
 */
export function HostKeyDialog({ prompt, serverName, busy, onDecide }: Props) {
  const { t } = useTranslation();
  const changed = prompt.kind === 'changed';
  const where = knownHostsName(prompt.host, prompt.port);
  return (
    <Dialog
      isOpen
      title={changed ? t('hostKey.changedTitle', { name: serverName }) : t('hostKey.unknownTitle', { name: serverName })}
      icon={changed ? 'error' : 'key'}
      onClose={() => onDecide('reject')}
      canOutsideClickClose={false}
      className={changed ? 'hostkey-dialog hostkey-danger' : 'hostkey-dialog'}
      style={{ width: 620 }}
    >
      <DialogBody>
        {changed ? (
          <Callout intent={Intent.DANGER} title={t('hostKey.changedHeadline')}>
            <p>{t('hostKey.changedExplain', { host: where })}</p>
            <p>{t('hostKey.changedNoSend')}</p>
          </Callout>
        ) : (
          <p>{t('hostKey.unknownExplain', { host: where })}</p>
        )}
        <dl className="kv">
          <dt>{t('hostKey.server')}</dt>
          <dd className="mono">{where}</dd>
          <dt>{t('hostKey.keyType')}</dt>
          <dd className="mono">{prompt.keyType}</dd>
          <dt>{changed ? t('hostKey.presentedFingerprint') : t('hostKey.fingerprint')}</dt>
          <dd className="mono fingerprint" data-testid="fingerprint">{prompt.fingerprintSha256}</dd>
          {changed && (
            <>
              <dt>{t('hostKey.expectedFingerprint')}</dt>
              <dd>{t('hostKey.expectedUnknown')}</dd>
            </>
          )}
        </dl>
        <p>{t('hostKey.verifyHow')}</p>
        <pre className="command" translate="no">{verifyCommand(prompt.keyType)}</pre>
        {/* File names, settings and commands are shown as code in every language. */}
        <p className="muted"><Trans i18nKey="hostKey.verifyOtherFile" components={{ code: <code translate="no" /> }} /></p>
        {changed && (
          <>
            <p>{t('hostKey.changedFix')}</p>
            <pre className="command" translate="no">{`ssh-keygen -R '${where}' -f <Switchdeck known_hosts>`}</pre>
            <p>{t('hostKey.changedFixAfter')}</p>
          </>
        )}
      </DialogBody>
      <DialogFooter
        actions={
          changed ? (
            <Button intent={Intent.PRIMARY} onClick={() => onDecide('reject')} text={t('hostKey.closeChanged')} />
          ) : (
            <>
              <Button onClick={() => onDecide('reject')} text={t('common.cancel')} disabled={busy} />
              <Button onClick={() => onDecide('accept-once')} text={t('hostKey.acceptOnce')} disabled={busy} />
              <Button intent={Intent.PRIMARY} onClick={() => onDecide('accept-save')} text={t('hostKey.acceptSave')} loading={busy} />
            </>
          )
        }
      />
    </Dialog>
  );
}
