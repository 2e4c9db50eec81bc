import { HTMLSelect } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, useLanguage, type LanguagePref } from '../i18n/language';

/** The interface language: the OS language by default, or one chosen here (remembered). */
export function LanguageSelect() {
  const { t } = useTranslation();
  const { pref, setPref } = useLanguage();
  return (
    <HTMLSelect minimal value={pref} onChange={(e) => setPref(e.currentTarget.value as LanguagePref)} aria-label={t('status.language')}>
      <option value="system">{t('status.languageSystem')}</option>
      {LANGUAGES.map((l) => (
        <option key={l.id} value={l.id} lang={l.id}>
          {l.name}
        </option>
      ))}
    </HTMLSelect>
  );
}
