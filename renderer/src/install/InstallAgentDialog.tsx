import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Callout, Dialog, DialogBody, DialogFooter, Icon, InputGroup, Intent, Spinner } from '@blueprintjs/core';
import { useTranslation } from 'react-i18next';
import type { Server } from '@shared/rpc/hostApi';
import type { InstallAction, InstallPlan, InstallPlanOutcome, InstallRunOutcome, InstallStep } from '@shared/rpc/installApi';
import { useHost } from '../host/HostContext';
import { CredentialsDialog } from '../servers/CredentialsDialog';
import type { CredentialsPrompt } from '../servers/useConnectFlow';
import { plainFailure, type PlainFailure } from '../util/failure';
import { FailureNote } from '../util/FailureDetails';
import { applyProgress, EMPTY_VIEW, type InstallView, type StepState } from './installState';

type Refused = Extract<InstallPlanOutcome, { status: 'refused' }>;
type Phase =
  | { kind: 'reading' }
  | { kind: 'readFailed'; error: PlainFailure }
  | { kind: 'refused'; refusal: Refused }
  | { kind: 'plan'; plan: InstallPlan }
  | { kind: 'sudo'; plan: InstallPlan; installId: string; prompt: CredentialsPrompt }
  | { kind: 'running'; plan: InstallPlan; installId: string | null }
  | { kind: 'runFailed'; plan: InstallPlan; error: PlainFailure };

interface Props {
  server: Server;
  onClose: () => void;
  /** An install already waiting at its sudo question (a reloaded window): ask it again instead of offering the plan. */
  resume?: { installId: string; prompt: CredentialsPrompt };
  /** install (the default) or upgrade; remove: the package goes, its data stays; purge: both go (the user types the server's name). */
  mode?: InstallAction;
}

const STATE_ICON: Record<Exclude<StepState, 'running'>, { icon: 'circle' | 'tick-circle' | 'error'; intent: Intent }> = {
  pending: { icon: 'circle', intent: Intent.NONE },
  done: { icon: 'tick-circle', intent: Intent.SUCCESS },
  failed: { icon: 'error', intent: Intent.DANGER },
};

/** "Install agent…": reads the server, shows the plan, asks the sudo password if needed, then shows each step and its output live. */
export function InstallAgentDialog({ server, onClose, resume, mode = 'install' }: Props) {
  const { t } = useTranslation();
  const host = useHost();
  const [phase, setPhase] = useState<Phase>({ kind: 'reading' });
  const [view, setView] = useState<InstallView>(EMPTY_VIEW);
  const [busy, setBusy] = useState(false);
  const [typedName, setTypedName] = useState('');
  const logRef = useRef<HTMLPreElement>(null);

  // One install per server runs at a time, so the server id is enough to pick its events (they may come before install.run answers).
  useEffect(() => host.on('install.progress', (p) => p.serverId === server.id && setView((v) => applyProgress(v, p))), [host, server.id]);

  useEffect(() => {
    let live = true;
    host.call('install.plan', { serverId: server.id, action: mode }).then(
      (o) => {
        if (!live) return;
        if (o.status === 'ready' && resume) setPhase({ kind: 'sudo', plan: o.plan, installId: resume.installId, prompt: resume.prompt });
        else setPhase(o.status === 'ready' ? { kind: 'plan', plan: o.plan } : { kind: 'refused', refusal: o });
      },
      (e: unknown) => live && setPhase({ kind: 'readFailed', error: plainFailure(t, e, 'read') }),
    );
    return () => {
      live = false;
    };
  }, [host, server.id, resume, mode]);

  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [view.log]);

  const follow = useCallback((plan: InstallPlan, o: InstallRunOutcome) => {
    setPhase(o.status === 'started' ? { kind: 'running', plan, installId: o.installId } : { kind: 'sudo', plan, installId: o.installId, prompt: o.credentialsPrompt });
  }, []);

  const step = async (plan: InstallPlan, run: () => Promise<InstallRunOutcome>) => {
    setBusy(true);
    try {
      follow(plan, await run());
    } catch (e) {
      setPhase({ kind: 'runFailed', plan, error: plainFailure(t, e, 'change') });
    } finally {
      setBusy(false);
    }
  };

  const start = (plan: InstallPlan) => {
    setView(EMPTY_VIEW);
    void step(plan, () => host.call('install.run', { serverId: server.id, action: mode, ...(mode === 'purge' ? { confirmName: typedName } : {}) }));
  };

  const cancel = () => {
    if ((phase.kind === 'running' || phase.kind === 'sudo') && !view.finished && phase.installId) {
      void host.call('install.cancel', { installId: phase.installId }).catch(() => undefined);
      if (phase.kind === 'sudo') onClose();
      return;
    }
    onClose();
  };

  if (phase.kind === 'sudo') {
    return (
      <CredentialsDialog
        prompt={phase.prompt}
        serverName={server.name}
        username={phase.plan.login}
        busy={busy}
        onAnswer={(answers, remember) => void step(phase.plan, () => host.call('install.answer', { promptId: phase.prompt.promptId, answers, remember }))}
        onCancel={cancel}
      />
    );
  }

  const plan = 'plan' in phase ? phase.plan : null;
  const running = phase.kind === 'running' && !view.finished;
  return (
    <Dialog isOpen title={t(TITLE[mode], { name: server.name })} icon={mode === 'install' ? 'download' : 'trash'} onClose={running ? undefined : onClose} canOutsideClickClose={false} isCloseButtonShown={!running} style={{ width: 720 }}>
      <DialogBody>
        {phase.kind === 'reading' && <p><Spinner size={16} /> {t('install.reading', { name: server.name })}</p>}
        {phase.kind === 'readFailed' && <Callout intent={Intent.DANGER}><FailureNote failure={phase.error} lead={(error) => t('install.planFailed', { error })} /></Callout>}
        {phase.kind === 'refused' && (
          <Callout intent={Intent.WARNING} title={t(mode === 'install' ? 'install.refused_title' : 'install.refused_title_removal')}>
            {t(`install.refused_${phase.refusal.reason}`, { detail: phase.refusal.detail })}
          </Callout>
        )}
        {plan && <PlanView plan={plan} view={view} showStates={phase.kind !== 'plan'} />}
        {phase.kind === 'plan' && mode === 'purge' && (
          <label>
            {t('install.purgeConfirm', { name: server.name })}
            <InputGroup value={typedName} onValueChange={setTypedName} aria-label={t('install.purgeConfirm', { name: server.name })} />
          </label>
        )}
        {phase.kind === 'runFailed' && <Callout intent={Intent.DANGER}><FailureNote failure={phase.error} lead={(error) => t('install.runFailed', { error })} /></Callout>}
        {view.finished && <Outcome view={view} />}
        {phase.kind !== 'plan' && plan && view.log !== '' && (
          <>
            <p className="strong">{t('install.log')}</p>
            <pre ref={logRef} className="install-log" aria-label={t('install.log')} style={{ maxHeight: 260, overflow: 'auto', whiteSpace: 'pre-wrap', fontSize: 12 }}>
              {view.log}
            </pre>
          </>
        )}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button onClick={cancel} text={running || phase.kind === 'plan' ? t('common.cancel') : t('common.close')} />
            {phase.kind === 'plan' && (
              <Button
                intent={mode === 'install' ? Intent.PRIMARY : Intent.DANGER}
                loading={busy}
                disabled={mode === 'purge' && typedName.trim() !== server.name}
                onClick={() => start(phase.plan)}
                text={t(START[phase.plan.action])}
              />
            )}
          </>
        }
      />
    </Dialog>
  );
}

function PlanView({ plan, view, showStates }: { plan: InstallPlan; view: InstallView; showStates: boolean }) {
  const { t } = useTranslation();
  const engineText = (e: InstallPlan['engine']['kamailio']) =>
    e.installed ? t('install.engine_installed', { version: e.installed }) : e.available ? t('install.engine_available', { version: e.available }) : t('install.engine_missing');
  return (
    <>
      <p>{t('install.server', { os: plan.os, arch: plan.arch, login: plan.login })}</p>
      <p>{t(`install.action_${plan.action}`, { from: plan.installedVersion ?? '', to: plan.packageVersion })}</p>
      <ol className="install-steps" aria-label={t('install.title', { name: plan.login })}>
        {plan.steps.map((s) => {
          const state = view.steps[s.id] ?? 'pending';
          return (
            <li key={s.id} data-state={showStates ? state : undefined}>
              {showStates && (state === 'running' ? <Spinner size={12} aria-label={t('install.state_running')} /> : <Icon {...STATE_ICON[state]} aria-label={state === 'pending' ? undefined : t(`install.state_${state}`)} />)} {stepText(t, s, plan)}
            </li>
          );
        })}
      </ol>
      {plan.action !== 'current' && <p className="muted">{t('install.engine', { kamailio: engineText(plan.engine.kamailio), rtpengine: engineText(plan.engine.rtpengine) })}</p>}
    </>
  );
}

function Outcome({ view }: { view: InstallView }) {
  const { t } = useTranslation();
  const f = view.finished!;
  if (f.outcome === 'installed' || f.outcome === 'removed') return <Callout intent={Intent.SUCCESS}>{t('install.done', { message: f.message })}</Callout>;
  if (f.outcome === 'cancelled') return <Callout intent={Intent.WARNING}>{t('install.cancelled')}</Callout>;
  return <Callout intent={Intent.DANGER}>{f.step ? t('install.failed', { step: t(`install.stepName_${f.step}`), message: f.message }) : t('install.failedNoStep', { message: f.message })}</Callout>;
}

type T = ReturnType<typeof useTranslation>['t'];

const TITLE: Record<InstallAction, string> = { install: 'install.title', remove: 'install.titleRemove', purge: 'install.titlePurge' };
const START: Record<InstallPlan['action'], string> = { install: 'install.start', upgrade: 'install.startUpgrade', current: 'install.startCurrent', remove: 'install.startRemove', purge: 'install.startPurge' };

function stepText(t: T, s: InstallStep, plan: InstallPlan): string {
  switch (s.id) {
    case 'upload':
      return t('install.step_upload', { version: s.version, size: (s.bytes / (1024 * 1024)).toFixed(1) });
    case 'install': {
      const how = t(`install.how_${s.sudo}`, { login: plan.login });
      return s.from ? t('install.step_install_upgrade', { from: s.from, to: s.to, how }) : t('install.step_install_new', { how });
    }
    case 'group':
      return t('install.step_group', { user: s.user, group: s.group });
    case 'start':
      return t(s.restart ? 'install.step_start_restart' : s.systemd ? 'install.step_start_systemd' : 'install.step_start_plain');
    case 'connect':
      return t('install.step_connect');
    case 'stop':
      return t(s.systemd ? 'install.step_stop_systemd' : 'install.step_stop_plain');
    case 'remove':
      return t(s.purge ? 'install.step_purge' : 'install.step_remove', { how: t(`install.how_${s.sudo}`, { login: plan.login }) });
  }
}
