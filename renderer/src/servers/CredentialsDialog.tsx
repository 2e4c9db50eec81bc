import { useState, type FormEvent } from 'react';
import { Button, Callout, Checkbox, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { CredentialsPrompt } from './useConnectFlow';
import { useGuardedClose } from '../util/dialogKeys';

interface Props {
  prompt: CredentialsPrompt;
  serverName: string;
  username: string;
  busy: boolean;
  onAnswer: (answers: string[], remember: boolean) => void;
  onCancel: () => void;
}

/** Password, key passphrase or the server's keyboard-interactive questions, with "remember". */
export function CredentialsDialog({ prompt, serverName, username, busy, onAnswer, onCancel }: Props) {
  const { t } = useTranslation();
  const questions =
    prompt.prompts.length > 0
      ? prompt.prompts
      : [{ text: prompt.kind === 'passphrase' ? t('credentials.passphrase') : t('credentials.password'), echo: false }];
  const [answers, setAnswers] = useState<string[]>(() => questions.map(() => ''));
  const [remember, setRemember] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onAnswer(answers, remember);
  };
  const title =
    prompt.kind === 'passphrase'
      ? t('credentials.titlePassphrase', { name: serverName })
      : prompt.kind === 'keyboard-interactive'
        ? t('credentials.titleInteractive', { name: serverName })
        : t('credentials.titlePassword', { name: serverName });

  const guard = useGuardedClose(answers.some((a) => a !== ''), onCancel);
  return (
    <Dialog isOpen title={title} icon="lock" onClose={guard.requestClose} canOutsideClickClose={false}>
      {/* Esc or the close button asks before throwing away what was typed. */}
      {guard.prompt}
      <form onSubmit={submit}>
        <DialogBody>
          {prompt.retry && <Callout intent={Intent.WARNING}>{t('credentials.retry')}</Callout>}
          <p>{t('credentials.for', { user: username, name: serverName })}</p>
          {prompt.name !== '' && <p className="strong">{prompt.name}</p>}
          {prompt.instructions !== '' && <p className="preline">{prompt.instructions}</p>}
          {questions.map((q, i) => (
            <FormGroup key={i} label={q.text} labelFor={`cred-${i}`}>
              <InputGroup
                id={`cred-${i}`}
                type={q.echo ? 'text' : 'password'}
                autoFocus={i === 0}
                autoComplete="off"
                value={answers[i] ?? ''}
                onValueChange={(v) => setAnswers((a) => a.map((x, j) => (j === i ? v : x)))}
              />
            </FormGroup>
          ))}
          {/* Disabled, not hidden, where there is no keychain: the instructions above say why. */}
          <Checkbox
            checked={remember}
            disabled={!prompt.canRemember}
            onChange={(e) => setRemember(e.currentTarget.checked)}
            label={t('credentials.remember')}
          />
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button onClick={onCancel} text={t('common.cancel')} disabled={busy} />
              <Button type="submit" intent={Intent.PRIMARY} text={t('credentials.submit')} loading={busy} />
            </>
          }
        />
      </form>
    </Dialog>
  );
}
