import { useEffect, useState } from 'react';
import { Button, Callout, Intent } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { callAgent } from '../api/agent';
import { useHost } from '../host/HostContext';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { formatTime } from '../util/time';
import type { ConfigSession, SessionState } from './configSession';
import { ChangeList } from './ChangeList';

/** Seconds left until `until`, never negative. */
export function secondsLeft(until: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
}

/** Seconds left until `until`, ticking every second and right from the first render. */
export function useSecondsLeft(until: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  const [seenUntil, setSeenUntil] = useState(until);
  // A new deadline reads the clock at once: the time kept from the last tick may be minutes old.
  if (seenUntil !== until) {
    setSeenUntil(until);
    setNow(Date.now());
  }
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until ? secondsLeft(until, now) : 0;
}

/**
 * While the current revision is provisional: a countdown and the button that keeps it. After an
 * automatic rollback: what was undone and why, until dismissed.
 */
export function ConfirmBanner({ session, state }: { session: ConfigSession; state: SessionState }) {
  return (
    <>
      <RollbackNotice session={session} state={state} />
      <Countdown session={session} state={state} />
    </>
  );
}

function Countdown({ session, state }: { session: ConfigSession; state: SessionState }) {
  const { t } = useTranslation();
  const host = useHost();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PlainFailure | null>(null);
  const until = state.revisionStatus === 'pending' ? state.pendingConfirmUntil : null;
  const left = useSecondsLeft(until);

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
      setError(plainFailure(t, e, 'change'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Callout intent={Intent.WARNING} className="confirm-banner" icon="time">
      <span>{left > 0 ? t('confirm.countdown', { revision, seconds: left }) : t('confirm.expired', { revision })}</span>
      {error && <FailureNote className="error-text" failure={error} lead={(text) => t('confirm.failed', { error: text })} />}
      <Button intent={Intent.WARNING} onClick={() => void confirm()} loading={busy} disabled={left === 0} text={t('confirm.button')} />
    </Callout>
  );
}

function RollbackNotice({ session, state }: { session: ConfigSession; state: SessionState }) {
  const { t } = useTranslation();
  const notice = state.autoRollback;
  if (!notice) return null;
  return (
    <Callout intent={Intent.DANGER} icon="undo" className="rollback-notice" role="alert" title={t('rollback.noticeTitle', { revision: notice.rolledBack })}>
      <p>{t('rollback.noticeBody', { time: formatTime(notice.time), recorded: notice.revision })}</p>
      {notice.changes ? <ChangeList changes={notice.changes} /> : <p>{t('rollback.noticeNoDetails')}</p>}
      <Button onClick={() => session.dismissAutoRollback()} text={t('rollback.dismiss')} />
    </Callout>
  );
}
