import { useEffect, useState } from 'react';
import { HTMLSelect, Icon, Tag } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { useDraftsSignal } from '../config/DraftsSignal';
import { useHost } from '../host/HostContext';
import { useServers } from '../servers/ServersContext';
import type { ThemePref } from '../theme/useTheme';
import { AlertIndicator } from '../alerts/AlertIndicator';
import { StatusConfigMarkers } from '../config/ConfigMarkers';
import { STATE_LOOK } from './stateLook';
import { LanguageSelect } from './LanguageSelect';

/** Each server that is not idle, the number of drafts waiting to be pushed, the theme and the language. */
export function StatusBar({ theme, onTheme, onOpenAlerts }: { theme: ThemePref; onTheme: (p: ThemePref) => void; onOpenAlerts?: (serverId: string | null) => void }) {
  const { t } = useTranslation();
  const host = useHost();
  const { servers, stateOf } = useServers();
  const { version } = useDraftsSignal();
  const [drafts, setDrafts] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    // A pushed draft is kept for reference but no longer waits for anything.
    host.call('drafts.list', {}).then((r) => live && setDrafts(r.drafts.filter((d) => !d.pushed).length), () => live && setDrafts(null));
    return () => {
      live = false;
    };
  }, [host, version]);

  const active = servers.filter((s) => stateOf(s.id) !== 'disconnected');
  return (
    <footer className="status-bar">
      {active.length === 0 && <span className="muted">{t('status.noneConnected', { count: servers.length })}</span>}
      {active.map((s) => {
        const st = stateOf(s.id);
        return (
          <Tag key={s.id} minimal intent={STATE_LOOK[st].intent} icon={<Icon icon={STATE_LOOK[st].icon} size={12} />}>
            {s.name}: {t(`state.${st}`)}
          </Tag>
        );
      })}
      <StatusConfigMarkers servers={servers} />
      <span className="spacer" />
      {active.some((s) => stateOf(s.id) === 'connected') && <AlertIndicator onOpen={(id) => onOpenAlerts?.(id ?? active.find((s) => stateOf(s.id) === 'connected')?.id ?? null)} />}
      <span>{drafts === null ? t('status.draftsUnknown') : t('status.drafts', { count: drafts })}</span>
      <HTMLSelect minimal value={theme} onChange={(e) => onTheme(e.currentTarget.value as ThemePref)} aria-label={t('status.theme')}>
        <option value="system">{t('status.themeSystem')}</option>
        <option value="light">{t('status.themeLight')}</option>
        <option value="dark">{t('status.themeDark')}</option>
      </HTMLSelect>
      <LanguageSelect />
    </footer>
  );
}
