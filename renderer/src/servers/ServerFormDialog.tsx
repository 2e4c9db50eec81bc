import { useRef, useState } from 'react';
import { useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Server } from '@shared/rpc/hostApi';
import { bp } from '../gateways/formFields';
import { useHost } from '../host/HostContext';
import { useFocusFirstField, useGuardedClose } from '../util/dialogKeys';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { emptyServerForm, serverFormResolver, serverToForm, type ParsedServerInput, type ServerFormValues } from './serverForm';

interface Props {
  /** Absent: add a new server. */
  server?: Server;
  groups: readonly string[];
  onClose: (saved?: Server) => void;
}

function Field({ label, labelFor, error, children, help }: { label: string; labelFor?: string; error?: string; help?: string; children: React.ReactNode }) {
  return (
    <FormGroup label={label} labelFor={labelFor} helperText={error ?? help} intent={error ? Intent.DANGER : Intent.NONE}>
      {children}
    </FormGroup>
  );
}

function TextInput({ reg, invalid, label, ...rest }: { reg: UseFormRegisterReturn; invalid: boolean; label: string; list?: string; placeholder?: string; inputMode?: 'numeric' }) {
  return <InputGroup {...bp(reg)} {...rest} aria-label={label} aria-invalid={invalid} intent={invalid ? Intent.DANGER : Intent.NONE} />;
}

/** Add or edit a saved server; secrets are never typed here (they are asked for at connect time). */
export function ServerFormDialog({ server, groups, onClose }: Props) {
  const { t } = useTranslation();
  const host = useHost();
  const [saveError, setSaveError] = useState<PlainFailure | null>(null);
  const { register, handleSubmit, watch, formState } = useForm<ServerFormValues, unknown, ParsedServerInput>({
    defaultValues: server ? serverToForm(server) : emptyServerForm(),
    resolver: serverFormResolver,
  });
  const e = formState.errors;
  const authKind = watch('authKind');
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstField(formRef);
  const { requestClose, prompt } = useGuardedClose(formState.isDirty, () => onClose());

  const save = handleSubmit(async (input) => {
    setSaveError(null);
    try {
      const r = server ? await host.call('servers.update', { id: server.id, server: input }) : await host.call('servers.add', { server: input });
      onClose(r.server);
    } catch (err) {
      setSaveError(plainFailure(t, err, 'change'));
    }
  });

  return (
    <Dialog isOpen title={server ? t('serverForm.editTitle', { name: server.name }) : t('serverForm.addTitle')} icon="database" onClose={requestClose} style={{ width: 560 }} canOutsideClickClose={false}>
      <form ref={formRef} onSubmit={(ev) => void save(ev)} noValidate>
        <DialogBody>
          {saveError && <Callout intent={Intent.DANGER}><FailureNote failure={saveError} lead={(error) => t('serverForm.saveFailed', { error })} /></Callout>}
          <div className="form-grid">
            <Field label={t('serverForm.name')} error={e.name?.message}>
              <TextInput label={t('serverForm.name')} reg={register('name')} invalid={!!e.name} />
            </Field>
            <Field label={t('serverForm.group')} error={e.group?.message} help={t('serverForm.groupHelp')}>
              <TextInput label={t('serverForm.group')} reg={register('group')} invalid={!!e.group} list="server-groups" />
              <datalist id="server-groups">
                {groups.map((g) => (
                  <option key={g} value={g} />
                ))}
              </datalist>
            </Field>
            <Field label={t('serverForm.host')} error={e.host?.message}>
              <TextInput label={t('serverForm.host')} reg={register('host')} invalid={!!e.host} placeholder="192.0.2.10" />
            </Field>
            <Field label={t('serverForm.port')} error={e.port?.message}>
              <TextInput label={t('serverForm.port')} reg={register('port')} invalid={!!e.port} inputMode="numeric" />
            </Field>
            <Field label={t('serverForm.username')} error={e.username?.message}>
              <TextInput label={t('serverForm.username')} reg={register('username')} invalid={!!e.username} />
            </Field>
            <Field label={t('serverForm.auth')} labelFor="server-auth-kind" error={e.authKind?.message}>
              <HTMLSelect fill id="server-auth-kind" {...register('authKind')}>
                <option value="key">{t('serverForm.authKey')}</option>
                <option value="password">{t('serverForm.authPassword')}</option>
                <option value="keyboard-interactive">{t('serverForm.authInteractive')}</option>
                <option value="agent">{t('serverForm.authAgent')}</option>
              </HTMLSelect>
            </Field>
            {authKind === 'key' && (
              <Field label={t('serverForm.keyPath')} error={e.keyPath?.message}>
                <TextInput label={t('serverForm.keyPath')} reg={register('keyPath')} invalid={!!e.keyPath} />
              </Field>
            )}
            <Field label={t('serverForm.role')} labelFor="server-role" error={e.role?.message} help={t('serverForm.roleHelp')}>
              <HTMLSelect fill id="server-role" {...register('role')}>
                <option value="admin">{t('serverForm.roleAdmin')}</option>
                <option value="view">{t('serverForm.roleView')}</option>
              </HTMLSelect>
            </Field>
            <Field label={t('serverForm.socket')} error={e.agentSocketPath?.message} help={t('serverForm.socketHelp')}>
              <TextInput label={t('serverForm.socket')} reg={register('agentSocketPath')} invalid={!!e.agentSocketPath} placeholder="/run/switch-agent/admin.sock" />
            </Field>
          </div>
          <Field label={t('serverForm.notes')} error={e.notes?.message}>
            <textarea className={`${Classes.INPUT} ${Classes.FILL}`} rows={2} {...register('notes')} />
          </Field>
          <p className="muted">{t('serverForm.secretsNote')}</p>
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button onClick={() => onClose()} text={t('common.cancel')} />
              <Button type="submit" intent={Intent.PRIMARY} loading={formState.isSubmitting} text={server ? t('common.save') : t('serverForm.add')} />
            </>
          }
        />
      </form>
      {prompt}
    </Dialog>
  );
}
