import { useState, type KeyboardEvent } from 'react';
import { Button, InputGroup, Intent, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';

import './tables.css';

const SHOWN = 30;

interface Props {
  label: string;
  /** Names of the gateways that exist (with staged edits), the only ones offered. */
  options: readonly string[];
  value: readonly string[];
  onChange: (v: string[]) => void;
  invalid?: boolean;
}

/**
 * A pick list of existing gateways: the chosen ones as removable tags, the others filtered by what is
 * typed and added with a click or Enter. A chosen name that no longer exists stays visible, marked, so
 * the operator sees it rather than losing it silently.
 */
export function GatewayPicker({ label, options, value, onChange, invalid }: Props) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const chosen = new Set(value);
  const known = new Set(options);
  const q = query.trim().toLowerCase();
  const matches = options.filter((o) => !chosen.has(o) && o.toLowerCase().includes(q));
  const add = (name: string) => {
    onChange([...value, name]);
    setQuery('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // Enter picks the first match instead of submitting the dialog.
    if (e.key === 'Enter') {
      e.preventDefault();
      const first = matches[0];
      if (first) add(first);
    }
  };
  return (
    <div className="gateway-picker" role="group" aria-label={label}>
      <div className="picker-chosen" aria-label={t('dense.gw.pickChosen')}>
        {value.length === 0 && <span className="muted">{t('dense.gw.pickNothingChosen')}</span>}
        {value.map((name) => (
          <span key={name} className="picker-tag">
            <Tag intent={known.has(name) ? Intent.PRIMARY : Intent.DANGER} minimal className="mono">
              {known.has(name) ? name : t('dense.gw.pickMissing', { name })}
            </Tag>
            <Button size="small" variant="minimal" icon="cross" aria-label={t('dense.gw.pickRemove', { name })} onClick={() => onChange(value.filter((v) => v !== name))} />
          </span>
        ))}
      </div>
      {options.length === 0 ? (
        <div className="muted">{t('dense.gw.pickEmpty')}</div>
      ) : (
        <>
          <InputGroup size="small" leftIcon="search" aria-label={t('dense.gw.pickFilter')} placeholder={t('dense.gw.pickFilter')} value={query} onValueChange={setQuery} onKeyDown={onKey} intent={invalid ? Intent.DANGER : Intent.NONE} />
          <ul className="picker-options">
            {matches.slice(0, SHOWN).map((name) => (
              <li key={name}>
                <Button size="small" variant="minimal" icon="add" className="mono" aria-label={t('dense.gw.pickAdd', { name })} onClick={() => add(name)} text={name} />
              </li>
            ))}
            {matches.length === 0 && <li className="muted">{t('dense.gw.pickNone')}</li>}
            {matches.length > SHOWN && <li className="muted">{t('dense.gw.pickMore', { count: matches.length - SHOWN })}</li>}
          </ul>
        </>
      )}
    </div>
  );
}
