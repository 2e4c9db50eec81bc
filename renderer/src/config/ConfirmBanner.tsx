import { useEffect, useState } from 'react';
import { Button, Callout, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { errorText } from '../util/errors';
import type { ConfigSession, SessionState } from './configSession';

/** Seconds left until `until`, never negative. */
export function secondsLeft(until: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
}

/** While the current revision is provisional: a countdown and the button that keeps it. */
export function ConfirmBanner({ session, state }: { session: ConfigSession; state: SessionState }) {
  const { t } = useTranslation();
  const host = useHost();
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const until = state.revisionStatus === 'pending' ? state.pendingConfirmUntil : null;
  const left = until ? secondsLeft(until, now) : 0;

  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);

  useEffect(() => {
    // The agent rolls back on its own at the deadline; reload shortly after to show the result.
    if (until && left === 0) {
      const timer = setTimeout(() => void session.load(), 2000);
      return () => clearTimeout(timer);
    }
  }, [until, left, session]);

  if (!until || !state.snapshot) return null;
  const revision = state.snapshot.revision;
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await callAgent(host, session.serverId, 'config.confirm', { revision });
      await session.load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Callout intent={Intent.WARNING} className="confirm-banner" icon="time">
      <span>{left > 0 ? t('confirm.countdown', { revision, seconds: left }) : t('confirm.expired', { revision })}</span>
      {error && <span className="error-text"> {t('confirm.failed', { error })}</span>}
      <Button intent={Intent.WARNING} onClick={() => void confirm()} loading={busy} disabled={left === 0} text={t('confirm.button')} />
    </Callout>
  );
}
