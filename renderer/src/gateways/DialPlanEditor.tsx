import { Button, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { DialAction, DialRule } from '@shared/model/dialPlan';
import { errorMessage, NullableNumber } from './formFields';

const KINDS: DialAction['kind'][] = ['keep', 'strip', 'prepend', 'replacePrefix'];

function actionOf(kind: DialAction['kind'], prev: DialAction): DialAction {
  switch (kind) {
    case 'keep':
      return { kind };
    case 'strip':
      return { kind, digits: prev.kind === 'strip' ? prev.digits : 1 };
    case 'prepend':
      return { kind, prefix: prev.kind === 'prepend' ? prev.prefix : '' };
    case 'replacePrefix':
      return { kind, with: prev.kind === 'replacePrefix' ? prev.with : '' };
  }
}

/** An ordered list of declarative rewrite rules (no regular expressions): match prefix and length, then act. */
export function DialPlanEditor({ value, onChange, errors, label }: { value: DialRule[]; onChange: (v: DialRule[]) => void; errors: unknown; label: string }) {
  const { t } = useTranslation();
  const set = (i: number, rule: DialRule) => onChange(value.map((r, j) => (j === i ? rule : r)));
  const errs = Array.isArray(errors) ? (errors as unknown[]) : [];
  return (
    <div className="dial-plan" aria-label={label} role="group">
      {value.length === 0 && <p className="muted">{t('dial.empty')}</p>}
      {value.map((r, i) => {
        const err = errorMessage(errs[i]);
        const a = r.action;
        return (
          <div key={i} className="dial-rule">
            <span className="muted">{i + 1}.</span>
            <InputGroup size="small" aria-label={t('dial.prefix')} placeholder={t('dial.anyPrefix')} value={r.match.prefix} onValueChange={(v) => set(i, { ...r, match: { ...r.match, prefix: v } })} />
            <NullableNumber label={t('dial.minLength')} placeholder={t('dial.minLength')} invalid={false} value={r.match.minLength} onChange={(v) => set(i, { ...r, match: { ...r.match, minLength: v } })} />
            <NullableNumber label={t('dial.maxLength')} placeholder={t('dial.maxLength')} invalid={false} value={r.match.maxLength} onChange={(v) => set(i, { ...r, match: { ...r.match, maxLength: v } })} />
            <HTMLSelect aria-label={t('dial.action')} value={a.kind} onChange={(e) => set(i, { ...r, action: actionOf(e.currentTarget.value as DialAction['kind'], a) })}>
              {KINDS.map((k) => <option key={k} value={k}>{t(`dial.kind_${k}`)}</option>)}
            </HTMLSelect>
            {a.kind === 'strip' && <NullableNumber label={t('dial.digits')} placeholder={t('dial.digits')} invalid={false} value={a.digits} onChange={(v) => set(i, { ...r, action: { kind: 'strip', digits: v ?? Number.NaN } })} />}
            {a.kind === 'prepend' && <InputGroup size="small" aria-label={t('dial.add')} placeholder={t('dial.add')} value={a.prefix} onValueChange={(v) => set(i, { ...r, action: { kind: 'prepend', prefix: v } })} />}
            {a.kind === 'replacePrefix' && <InputGroup size="small" aria-label={t('dial.with')} placeholder={t('dial.with')} value={a.with} onValueChange={(v) => set(i, { ...r, action: { kind: 'replacePrefix', with: v } })} />}
            <Button size="small" variant="minimal" icon="arrow-up" disabled={i === 0} aria-label={t('dial.up')} onClick={() => { const n = [...value]; [n[i - 1], n[i]] = [n[i] as DialRule, n[i - 1] as DialRule]; onChange(n); }} />
            <Button size="small" variant="minimal" icon="trash" aria-label={t('dial.remove')} onClick={() => onChange(value.filter((_, j) => j !== i))} />
            {err && <div className="field-error dial-error" style={{ color: 'var(--danger)' }} data-intent={Intent.DANGER}>{err}</div>}
          </div>
        );
      })}
      <Button size="small" icon="add" onClick={() => onChange([...value, { match: { prefix: '', minLength: null, maxLength: null }, action: { kind: 'keep' } }])} text={t('dial.addRule')} />
    </div>
  );
}
