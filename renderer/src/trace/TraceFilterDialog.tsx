import { useEffect, useState } from 'react';
import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { filterIsEmpty, parseTraceForm, type TraceFormField, type TraceFormValues, type TraceStartRequest } from './filterForm';
import { useGuardedClose } from '../util/dialogKeys';

interface Props {
  serverName: string;
  initial: TraceFormValues;
  /** Gateway names offered as suggestions (the server's configuration, when it is loaded). */
  gatewayNames: readonly string[];
  onStart: (request: TraceStartRequest) => Promise<void>;
  onClose: () => void;
}

const GROUPS: { title: string; fields: TraceFormField[] }[] = [
  { title: 'addresses', fields: ['ips', 'ports', 'srcIp', 'srcPort', 'dstIp', 'dstPort'] },
  { title: 'messages', fields: ['methods', 'responseClasses', 'callId', 'caller', 'callee', 'gateway', 'text'] },
  { title: 'limits', fields: ['durationMin', 'maxMessages'] },
];

/** The new-trace form: every filter field of trace.start, checked with the shared schema before anything is sent. */
export function TraceFilterDialog({ serverName, initial, gatewayNames, onStart, onClose }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<TraceFormField, string>>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<PlainFailure | null>(null);
  // After a refused submit the first field in error gets the focus, which also scrolls it into view.
  const [focusField, setFocusField] = useState<{ field: TraceFormField } | null>(null);
  useEffect(() => {
    if (!focusField) return;
    const input = document.getElementById(`trace-${focusField.field}`);
    input?.focus();
    // The whole field, its error text included.
    input?.closest('.bp6-form-group')?.scrollIntoView?.({ block: 'nearest' });
  }, [focusField]);
  const listId = `trace-gateways-${serverName.replace(/\W+/g, '-')}`;

  const submit = async () => {
    const parsed = parseTraceForm(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      const first = GROUPS.flatMap((g) => g.fields).find((f) => parsed.errors[f] !== undefined);
      if (first) setFocusField({ field: first });
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      await onStart(parsed.request);
    } catch (e) {
      setFailure(plainFailure(t, e, 'change'));
      setBusy(false);
    }
  };
  const parsedNow = parseTraceForm(values);
  const everything = parsedNow.ok && filterIsEmpty(parsedNow.request.filter);

  const guard = useGuardedClose(values !== initial, onClose);
  return (
    <Dialog isOpen title={t('trace.form.title', { name: serverName })} icon="search-text" onClose={guard.requestClose} style={{ width: 880 }}>
      {/* Esc or the close button asks before throwing away what was typed. */}
      {guard.prompt}
      <form onSubmit={(ev) => { ev.preventDefault(); void submit(); }} noValidate>
        <DialogBody>
          {failure && <Callout intent={Intent.DANGER} role="alert"><FailureNote failure={failure} lead={(error) => t('trace.form.startFailed', { error })} /></Callout>}
          {GROUPS.map((g) => (
            <fieldset key={g.title} className="trace-form-group">
              <legend>{t(`trace.form.group.${g.title}`)}</legend>
              <div className="trace-form-grid">
                {g.fields.map((f) => (
                  <FormGroup key={f} label={t(`trace.form.field.${f}`)} labelFor={`trace-${f}`} helperText={errors[f] ?? (t(`trace.form.help.${f}`) || undefined)} intent={errors[f] ? Intent.DANGER : Intent.NONE}>
                    <InputGroup
                      id={`trace-${f}`}
                      value={values[f]}
                      onValueChange={(v) => setValues((old) => ({ ...old, [f]: v }))}
                      intent={errors[f] ? Intent.DANGER : Intent.NONE}
                      aria-invalid={errors[f] !== undefined}
                      list={f === 'gateway' ? listId : undefined}
                      placeholder={t(`trace.form.placeholder.${f}`) || undefined}
                      inputMode={f === 'durationMin' || f === 'maxMessages' || f === 'srcPort' || f === 'dstPort' ? 'numeric' : undefined}
                    />
                  </FormGroup>
                ))}
              </div>
            </fieldset>
          ))}
          <datalist id={listId}>{gatewayNames.map((n) => <option key={n} value={n} />)}</datalist>
          {everything && <Callout intent={Intent.WARNING} icon="warning-sign">{t('trace.form.everything')}</Callout>}
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button onClick={() => setValues(initial)} text={t('trace.form.reset')} />
              <Button onClick={onClose} text={t('common.cancel')} />
              <Button type="submit" intent={Intent.PRIMARY} icon="play" loading={busy} text={t('trace.form.start')} />
            </>
          }
        />
      </form>
    </Dialog>
  );
}
