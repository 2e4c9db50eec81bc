import { Callout, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../util/time';
import type { SessionState } from './configSession';

/** Says that the page shows the cached copy of a server that is not connected, and what that allows. */
export function OfflineBanner({ state }: { state: SessionState }) {
  const { t } = useTranslation();
  if (!state.offline || !state.snapshot) return null;
  return (
    <Callout intent={Intent.WARNING} icon="offline" className="offline-banner" role="status">
      {t('offline.banner', { revision: state.snapshot.revision, time: formatTime(state.offline.cachedAt) })}
    </Callout>
  );
}
