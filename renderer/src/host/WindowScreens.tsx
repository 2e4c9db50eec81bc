/**
 * The whole-window screens shown instead of the workspace: the host cannot be reached (why, in plain
 * words, and how to recover), or the window itself crashed while drawing (not the host's fault).
 * The technical text is folded under "Technical details" in both.
 */
import { Component, type ReactElement, type ReactNode } from 'react';
import { Button, NonIdealState } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import { plainHostFailure, technicalText, type HostFailure } from '../util/failure';
import { FailureDetails } from '../util/FailureDetails';
import { HostUnavailableError } from './hostUnavailable';

/** The shell both screens share: an icon, a title, the explanation and one way out. */
function FullscreenNotice({ icon, title, children, action }: { icon: 'offline' | 'error'; title: string; children: ReactNode; action: ReactElement }) {
  return (
    <div className="fullscreen">
      <NonIdealState icon={icon} title={title} description={<div className="unreachable">{children}</div>} action={action} />
    </div>
  );
}

export function Unreachable({ what, error, onRetry }: { what: HostFailure; error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const failure = plainHostFailure(t, what, error);
  return (
    <FullscreenNotice icon="offline" title={t('host.unreachableTitle')} action={<Button intent="primary" icon="refresh" onClick={onRetry} text={t('common.retry')} />}>
      <p>{t('host.unreachableBody')}</p>
      <p className="why">{failure.text}</p>
      <p>{t('host.unreachableNext')}</p>
      {failure.details !== '' && <FailureDetails text={failure.details} />}
    </FullscreenNotice>
  );
}

/** A render crash inside the window: says so, offers a reload, keeps the error for a report. */
function WindowError({ error }: { error: Error }) {
  const { t } = useTranslation();
  return (
    <FullscreenNotice icon="error" title={t('host.crashTitle')} action={<Button intent="primary" icon="refresh" onClick={() => window.location.reload()} text={t('host.reload')} />}>
      <p>{t('host.crashBody')}</p>
      <FailureDetails text={technicalText(error)} />
    </FullscreenNotice>
  );
}

/**
 * Catches what throws while the window draws. Only a missing host link is "host unreachable"; anything
 * else is the window's own fault and says so (calling it unreachable would send the operator to check a
 * host that is fine).
 */
export class WindowErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (error instanceof HostUnavailableError) return <Unreachable what="no-bridge" error={error} onRetry={() => this.setState({ error: null })} />;
    return <WindowError error={error} />;
  }
}
