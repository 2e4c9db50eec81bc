import { useState, type KeyboardEvent } from 'react';
import { Button, ButtonGroup, HTMLSelect, InputGroup, Intent, Switch, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { formatParamValue, parseParamInput, type ParamDef, type ParamIssue, type ParamValue } from '@shared/catalog';
import { paramIssueText } from './paramIssueText';
import { optionDescription } from './paramText';
import { UNIT_SYMBOL } from '@shared/catalog/units';

/** A withheld secret parameter arrives as `{ set: true }`: it can be replaced but not shown. */
export type ShownValue = ParamValue | { set: true };

interface Props {
  def: ParamDef;
  value: ShownValue;
  onCommit: (value: ParamValue) => void;
}

export function unitText(def: ParamDef): string {
  const t = def.type;
  return 'unit' in t && t.unit ? UNIT_SYMBOL[t.unit] : '';
}

const isWithheld = (v: ShownValue): v is { set: true } => typeof v === 'object' && !Array.isArray(v);

/** The right control for each parameter type; typed text is read by parseParamInput on Enter or leaving the field. */
export function ParamEditor({ def, value, onCommit }: Props) {
  const { t: tr } = useTranslation();
  const t = def.type;
  if (t.kind === 'onoff') {
    return <Switch className="param-switch" checked={value === true} aria-label={def.name} onChange={(e) => onCommit(e.currentTarget.checked)} label={tr(value === true ? 'dense.params.words.on' : 'dense.params.words.off')} />;
  }
  if (t.kind === 'enum') {
    return (
      <HTMLSelect aria-label={def.name} value={typeof value === 'string' ? value : ''} onChange={(e) => onCommit(e.currentTarget.value)}>
        {t.options.map((o) => (
          <option key={o.value} value={o.value} title={optionDescription(tr, def, o)}>
            {o.label}
          </option>
        ))}
      </HTMLSelect>
    );
  }
  if (t.kind === 'autoOrInteger' || t.kind === 'noneOrInteger') return <WordOrNumber def={def} word={t.kind === 'autoOrInteger' ? 'auto' : 'none'} value={value} onCommit={onCommit} />;
  return <TextEditor def={def} value={value} onCommit={onCommit} />;
}

function WordOrNumber({ def, word, value, onCommit }: Props & { word: 'auto' | 'none' }) {
  const { t } = useTranslation();
  const [numberMode, setNumberMode] = useState(value !== word);
  const label = word === 'auto' ? t('params.auto') : t('params.none');
  return (
    <div className="word-or-number">
      <ButtonGroup>
        <Button size="small" active={!numberMode} onClick={() => { setNumberMode(false); onCommit(word); }} text={label} />
        <Button size="small" active={numberMode} onClick={() => setNumberMode(true)} text={t('params.value')} />
      </ButtonGroup>
      {numberMode && <TextEditor def={def} value={value === word ? '' : value} onCommit={onCommit} />}
    </div>
  );
}

function TextEditor({ def, value, onCommit }: Props) {
  const { t } = useTranslation();
  const secret = def.type.kind === 'string' && def.type.secret === true;
  const withheld = isWithheld(value);
  // The unit is shown beside the box, so plain numbers are edited without it ("30", not "30 s").
  const shown = withheld || value === '' ? '' : typeof value === 'number' ? String(value) : formatParamValue(def.name, value);
  const [text, setText] = useState(shown);
  const [lastShown, setLastShown] = useState(shown);
  const [error, setError] = useState<ParamIssue | null>(null);
  if (shown !== lastShown) {
    // The value changed underneath (reset, reload, undo): show it and forget stale typing.
    setLastShown(shown);
    setText(shown);
    setError(null);
  }

  const commit = () => {
    if (text === shown) { setError(null); return; }
    if (withheld && text === '') return;
    const r = parseParamInput(def.name, def.type.kind === 'numberList' || def.type.kind === 'string' ? text : text.trim());
    if (!r.ok) { setError(r.error); return; }
    setError(null);
    onCommit(r.value);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') { setText(shown); setError(null); }
  };
  const unit = unitText(def);
  return (
    <div className="text-editor">
      <InputGroup
        size="small"
        aria-label={def.name}
        aria-invalid={error !== null}
        intent={error ? Intent.DANGER : Intent.NONE}
        type={secret ? 'password' : 'text'}
        autoComplete="off"
        value={text}
        placeholder={withheld ? t('params.secretSet') : undefined}
        onValueChange={setText}
        onBlur={commit}
        onKeyDown={onKey}
        rightElement={unit && def.type.kind !== 'numberList' ? <Tag minimal>{unit}</Tag> : undefined}
      />
      {error && <div className="field-error" role="alert">{paramIssueText(error, t)}</div>}
    </div>
  );
}
