import { Button, NonIdealState, Spinner } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { SessionState } from '../config/configSession';
import { FailureNote } from '../util/FailureDetails';

/** The loading / failed state of a server's configuration, with a way forward. */
export function LoadState({ state, onRetry }: { state: SessionState; onRetry: () => void }) {
  const { t } = useTranslation();
  if (state.load === 'error') {
    return (
      <NonIdealState
        icon="error"
        title={t('load.failedTitle')}
        description={state.error ? <FailureNote failure={state.error} lead={(error) => t('load.failed', { error })} /> : t('load.failed', { error: '' })}
        action={<Button onClick={onRetry} icon="refresh" text={t('common.retry')} />}
      />
    );
  }
  return <NonIdealState icon={<Spinner size={32} />} title={t('load.loading')} />;
}
