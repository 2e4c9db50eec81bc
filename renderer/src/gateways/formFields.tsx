import { useState, type ReactNode } from 'react';
import { Button, FormGroup, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { FieldError, FieldErrors, UseFormRegisterReturn } from 'react-hook-form';
import i18next from '../i18n';
import type { Secret } from '@shared/model/secret';
import type { EngineSupport } from '@shared/catalog';
import { EngineBadge } from '../params/EngineBadge';

/** The message of a (possibly nested or array) react-hook-form error; in a list, every invalid item by its number. */
export function errorMessage(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as FieldError & Record<string, unknown>;
  if (typeof e.message === 'string' && e.message !== '') return e.message;
  if (Array.isArray(err)) {
    const items = (err as unknown[]).flatMap((item, i) => {
      const m = errorMessage(item);
      return m ? [`${i18next.t('v.item', { n: i + 1 })}: ${m}`] : [];
    });
    return items.length > 0 ? items.join('; ') : undefined;
  }
  for (const [k, v] of Object.entries(e)) {
    if (k === 'ref' || k === 'type') continue;
    const m = errorMessage(v);
    if (m) return m;
  }
  return undefined;
}

/** How many of `fields` carry an error: shown on each dialog tab so nothing invalid hides on another tab. */
export function errorCount(errors: FieldErrors, fields: readonly string[]): number {
  return fields.filter((f) => errorMessage((errors as Record<string, unknown>)[f]) !== undefined).length;
}

/**
 * A labelled form field; `engine` marks a setting the engine does not enforce (approximated, stored only, or
 * no engine setting at all), as the catalog does. Enforced settings carry no badge.
 */
export function Field({ label, error, help, children, inline, engine }: { label: string; error?: string; help?: string; children: ReactNode; inline?: boolean; engine?: EngineSupport }) {
  const badge = engine && engine.status !== 'enforced' ? <EngineBadge support={engine} /> : undefined;
  return (
    <FormGroup label={label} labelInfo={badge} helperText={error ?? help} intent={error ? Intent.DANGER : Intent.NONE} inline={inline}>
      {children}
    </FormGroup>
  );
}

/** Empty text = null ("inherit" / "no limit"); anything else must read as a number (the schema checks the range). */
export function NullableNumber({ value, onChange, placeholder, invalid, label }: { value: number | null | undefined; onChange: (v: number | null) => void; placeholder: string; invalid: boolean; label: string }) {
  const shown = value === null || value === undefined || Number.isNaN(value) ? '' : String(value);
  const [text, setText] = useState(shown);
  const [last, setLast] = useState(shown);
  if (shown !== last && !Number.isNaN(value)) {
    setLast(shown);
    setText(shown);
  }
  return (
    <InputGroup
      aria-label={label}
      value={text}
      placeholder={placeholder}
      intent={invalid ? Intent.DANGER : Intent.NONE}
      onValueChange={(v) => {
        setText(v);
        onChange(v.trim() === '' ? null : Number(v.trim()));
      }}
    />
  );
}

/** A list edited as comma-separated text; `parse` turns each item into the model's item type. */
export function ListText<T>({ value, onChange, parse, show, invalid, label, placeholder }: { value: readonly T[]; onChange: (v: T[]) => void; parse: (s: string) => T; show: (v: T) => string; invalid: boolean; label: string; placeholder?: string }) {
  const shown = value.map(show).join(', ');
  const [text, setText] = useState(shown);
  const [last, setLast] = useState(shown);
  if (shown !== last && shown !== text.split(',').map((s) => s.trim()).filter(Boolean).join(', ')) {
    setLast(shown);
    setText(shown);
  }
  return (
    <InputGroup
      aria-label={label}
      value={text}
      placeholder={placeholder}
      intent={invalid ? Intent.DANGER : Intent.NONE}
      onValueChange={(v) => {
        setText(v);
        onChange(v.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean).map(parse));
      }}
    />
  );
}

/**
 * A write-only secret: a stored one is never shown; the user may keep it, replace it or remove it.
 * `{ set: true }` without a value means "keep"; a typed value replaces it; `{ set: false }` removes it.
 */
export function SecretEditor({ value, onChange, label, invalid }: { value: Secret; onChange: (v: Secret) => void; label: string; invalid: boolean }) {
  const { t } = useTranslation();
  const stored = value.set && !('value' in value);
  const [editing, setEditing] = useState(!stored);
  if (!editing) {
    return (
      <div className="secret-stored">
        <span className="muted">{t('gw.secretStored')}</span>
        <Button size="small" onClick={() => setEditing(true)} text={t('gw.secretChange')} />
        <Button size="small" variant="minimal" intent={Intent.DANGER} onClick={() => { onChange({ set: false }); setEditing(true); }} text={t('gw.secretRemove')} />
      </div>
    );
  }
  return (
    <InputGroup
      aria-label={label}
      type="password"
      autoComplete="new-password"
      intent={invalid ? Intent.DANGER : Intent.NONE}
      value={'value' in value ? value.value : ''}
      placeholder={t('gw.secretNone')}
      onValueChange={(v) => onChange(v === '' ? { set: false } : { set: true, value: v })}
    />
  );
}

export function EnumSelect<V extends string>({ value, options, onChange, label }: { value: V; options: readonly { value: V; label: string }[]; onChange: (v: V) => void; label: string }) {
  return (
    <HTMLSelect aria-label={label} value={value} onChange={(e) => onChange(e.currentTarget.value as V)}>
      {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
    </HTMLSelect>
  );
}

/** react-hook-form's register() for Blueprint's InputGroup, whose DOM input is reached through `inputRef`. */
export function bp(reg: UseFormRegisterReturn): Omit<UseFormRegisterReturn, 'ref'> & { inputRef: UseFormRegisterReturn['ref'] } {
  const { ref, ...rest } = reg;
  return { ...rest, inputRef: ref };
}
