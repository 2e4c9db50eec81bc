import { useRef, useState } from 'react';
import { Button, Checkbox, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { ALERT_SEVERITIES, type AlertRule } from '@shared/model/alertRule';
import { useFocusFirstField, useGuardedClose } from '../util/dialogKeys';
import { EMPTY_RULE_FORM, checkRuleForm, formOf, type RuleField, type RuleForm } from './ruleForm';

/**
 * Adds or edits one alert rule. Checked with the shared schema as the user types (after the first
 * attempt to stage), each message under its field; a valid rule is handed back to be staged.
 */
export function RuleDialog({ rule, takenNames, onCancel, onStage }: { rule: AlertRule | null; takenNames: ReadonlySet<string>; onCancel: () => void; onStage: (r: AlertRule) => void }) {
  const { t } = useTranslation();
  const [initial] = useState<RuleForm>(() => (rule ? formOf(rule) : EMPTY_RULE_FORM));
  const [form, setForm] = useState<RuleForm>(initial);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstField(formRef);
  const dirty = (Object.keys(form) as RuleField[]).some((k) => form[k] !== initial[k]);
  const { requestClose, prompt } = useGuardedClose(dirty, onCancel);
  const [tried, setTried] = useState(false);
  const check = checkRuleForm(form, takenNames);
  const errors = tried && !check.ok ? check.errors : {};
  const errorCount = Object.keys(errors).length;
  const set = <K extends RuleField>(k: K, v: RuleForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const text = (k: Exclude<RuleField, 'enabled' | 'severity' | 'op'>, opts: { help?: string; disabled?: boolean; mono?: boolean } = {}) => (
    <FormGroup label={t(`alerts.field.${k}`)} labelFor={`rule-${k}`} helperText={errors[k] ?? opts.help} intent={errors[k] ? Intent.DANGER : Intent.NONE}>
      <InputGroup id={`rule-${k}`} value={form[k]} disabled={opts.disabled} className={opts.mono ? 'mono' : undefined} intent={errors[k] ? Intent.DANGER : Intent.NONE} onValueChange={(v) => set(k, v)} />
    </FormGroup>
  );

  const submit = () => {
    setTried(true);
    if (check.ok) onStage(check.rule);
  };

  return (
    <Dialog isOpen title={rule ? t('alerts.dialogEdit', { name: rule.name }) : t('alerts.dialogAdd')} icon="notifications" onClose={requestClose} style={{ width: 640 }} canOutsideClickClose={false}>
      <form ref={formRef} noValidate onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <DialogBody className="rule-dialog-body">
          {/* A rule's name is its identity in the configuration: renaming would be a delete and an add. */}
          {text('name', { disabled: rule !== null, mono: true })}
          <Checkbox checked={form.enabled} label={t('alerts.field.enabled')} onChange={(e) => set('enabled', e.currentTarget.checked)} />
          <div className="rule-row">
            <FormGroup label={t('alerts.field.severity')} labelFor="rule-severity">
              <HTMLSelect id="rule-severity" value={form.severity} onChange={(e) => set('severity', e.currentTarget.value as RuleForm['severity'])}>
                {ALERT_SEVERITIES.map((s) => <option key={s} value={s}>{t(`alerts.severity.${s}`)}</option>)}
              </HTMLSelect>
            </FormGroup>
            <FormGroup label={t('alerts.field.op')} labelFor="rule-op">
              <HTMLSelect id="rule-op" value={form.op} onChange={(e) => set('op', e.currentTarget.value as RuleForm['op'])}>
                <option value="above">{t('alerts.op.above')}</option>
                <option value="below">{t('alerts.op.below')}</option>
              </HTMLSelect>
            </FormGroup>
            {text('threshold')}
          </div>
          {text('series', { help: t('alerts.field.seriesHelp'), mono: true })}
          <div className="rule-row">
            {text('forSec')}
            {text('hysteresis')}
            {text('clearForSec')}
          </div>
          {text('minCalls')}
          {text('description')}
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button onClick={onCancel} text={t('common.cancel')} />
              <Button type="submit" intent={Intent.PRIMARY} text={t('alerts.stage')} />
            </>
          }
        >
          {errorCount > 0 && <span className="error-text" role="alert">{t('alerts.fixErrors', { count: errorCount })}</span>}
        </DialogFooter>
      </form>
      {prompt}
    </Dialog>
  );
}
