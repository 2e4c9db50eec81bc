import { InputGroup, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { offsetText } from './time';

interface Props {
  label: string;
  value: string;
  onChange: (text: string) => void;
  invalid?: boolean;
  size?: 'small' | 'medium';
}

/**
 * A date and time typed as "2026-12-05 14:30" in the workstation's zone (shown beside it). Not the
 * browser's datetime-local, which follows the browser's locale (12-hour, month first) rather than
 * the app's ISO, 24-hour rule.
 */
export function TimeField({ label, value, onChange, invalid = false, size }: Props) {
  const { t } = useTranslation();
  const zone = offsetText(-new Date().getTimezoneOffset());
  return (
    <InputGroup
      className="time-field mono"
      size={size}
      aria-label={label}
      placeholder={t('common.timeFormat')}
      value={value}
      onValueChange={onChange}
      intent={invalid ? Intent.DANGER : Intent.NONE}
      rightElement={<span className="time-field-zone muted" title={t('common.timeZone', { zone })}>{zone}</span>}
      maxLength={19}
    />
  );
}
