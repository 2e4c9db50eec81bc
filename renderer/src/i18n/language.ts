import { useEffect, useState } from 'react';
import { z } from 'zod';
import i18next from 'i18next';
import { loadStored, saveStored } from '../util/storage';

export type Language = 'en' | 'zh-CN';
export type LanguagePref = 'system' | Language;
const KEY = 'switchdeck.language';
const PrefSchema = z.enum(['system', 'en', 'zh-CN']);

/** Each language by its own name, so a user who cannot read the current one still finds theirs. */
export const LANGUAGES: readonly { id: Language; name: string }[] = [
  { id: 'en', name: 'English' },
  { id: 'zh-CN', name: '简体中文' },
];

/** The language to show: the choice, or for "system" the first OS language we have (Chinese of any region reads zh-CN). */
export function resolveLanguage(pref: LanguagePref, osLanguages: readonly string[]): Language {
  if (pref !== 'system') return pref;
  for (const tag of osLanguages) {
    const lower = tag.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}

function osLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

export function storedLanguagePref(): LanguagePref {
  return loadStored(KEY, PrefSchema) ?? 'system';
}

export function initialLanguage(): Language {
  return resolveLanguage(storedLanguagePref(), osLanguages());
}

function show(lang: Language): void {
  if (i18next.language !== lang) void i18next.changeLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** The language choice, remembered on this workstation; switching re-renders every screen at once. */
export function useLanguage(): { pref: LanguagePref; setPref: (p: LanguagePref) => void } {
  const [pref, setPrefState] = useState<LanguagePref>(storedLanguagePref);
  useEffect(() => show(resolveLanguage(pref, osLanguages())), [pref]);
  const setPref = (p: LanguagePref) => {
    setPrefState(p);
    saveStored(KEY, p);
  };
  return { pref, setPref };
}

/** A number written the way the interface language writes it. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(i18next.language || 'en').format(n);
}
