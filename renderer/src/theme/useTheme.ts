import { useEffect, useState } from 'react';
import { z } from 'zod';
import { Classes } from '@blueprintjs/core';
import { loadStored, saveStored } from '../util/storage';

export type ThemePref = 'system' | 'light' | 'dark';
const KEY = 'switchdeck.theme';
const PrefSchema = z.enum(['system', 'light', 'dark']);

function systemDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
}

/** The theme choice, remembered; "system" follows the OS and changes with it. */
export function useTheme(): { pref: ThemePref; setPref: (p: ThemePref) => void; dark: boolean } {
  const [pref, setPrefState] = useState<ThemePref>(() => loadStored(KEY, PrefSchema) ?? 'system');
  const [osDark, setOsDark] = useState(systemDark);

  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setOsDark(mq.matches);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);

  const dark = pref === 'dark' || (pref === 'system' && osDark);
  useEffect(() => {
    // Blueprint portals (dialogs, popovers) render under <body>, so the class goes there.
    document.body.classList.toggle(Classes.DARK, dark);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [dark]);

  const setPref = (p: ThemePref) => {
    setPrefState(p);
    saveStored(KEY, p);
  };
  return { pref, setPref, dark };
}
