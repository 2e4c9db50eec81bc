import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '@shared/model/alertRule';
import { en } from '../i18n/en';

describe('alert rule texts', () => {
  it('the language table has the description of every shipped rule, word for word', () => {
    const shipped = Object.fromEntries(DEFAULT_ALERT_RULES.filter((r) => r.description).map((r) => [r.name, r.description]));
    expect(en.alerts.defaultText).toEqual(shipped);
  });
});
