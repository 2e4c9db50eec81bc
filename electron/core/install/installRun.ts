/**
 * Runs a plan's steps in order against a RemoteHost, reporting each step's state and output as
 * install.progress payloads and ending with exactly one `finished`. A failure names the step and
 * says what to do; a cancel interrupts the running step and starts no other. Side effects only
 * through `remote`, `connect` and `emit`, so it is unit-tested with a fake server.
 */
import type { InstallPlan, InstallProgress, InstallStep, InstallStepId } from '@shared/rpc/installApi';
import type { RemoteHost } from './remoteHost';
import { asRoot, groupScript, installScript, MAKE_TEMP_DIR, removeScript, removeTempDir, startScript, stopScript } from './remoteScripts';

type Payload<K> = K extends InstallProgress ? Omit<K, 'installId' | 'serverId'> : never;
export type ProgressPayload = Payload<InstallProgress>;

export interface InstallRunDeps {
  readonly remote: RemoteHost;
  readonly plan: InstallPlan;
  /** The package file on this workstation. */
  readonly packagePath: string;
  /** When plan.sudo is 'password'. */
  readonly sudoPassword?: string;
  /** The agent socket the server's record names (the admin socket). */
  readonly socketPath: string;
  /** Connects the app to the agent; resolves with the agent's version or says why it did not connect. */
  readonly connect: () => Promise<{ readonly agentVersion: string } | { readonly problem: string }>;
  readonly emit: (p: ProgressPayload) => void;
  readonly signal: AbortSignal;
}

/** What to do when a step fails, after what the server said. */
export const STEP_ADVICE: Readonly<Record<InstallStepId, string>> = {
  upload: 'Check that /tmp on the server has room for the package and that the SSH connection holds, then try again.',
  install:
    'Read the output above. A missing dependency means the server\'s package sources lack it (run "apt-get update" there); a locked package database means another installation is running there: wait for it and try again.',
  group: 'Add the user to the group by hand on the server ("usermod -aG GROUP USER" as root), then connect.',
  start: 'Read the output above; on the server, "switch-agent check" names what is missing.',
  connect: 'The agent is installed and running; connect to the server again. If it still fails, check the agent socket path in the server\'s settings.',
  stop: 'Read the output above; stop the agent on the server ("systemctl stop switch-agent" as root), then try again.',
  remove: 'Read the output above. A locked package database means another installation is running there: wait for it and try again.',
};

class StepFailed extends Error {
  constructor(
    readonly step: InstallStepId,
    message: string,
  ) {
    super(message);
  }
}

const MB = 1024 * 1024;

export async function runInstall(d: InstallRunDeps): Promise<void> {
  const { remote, plan, emit, signal } = d;
  let current: InstallStepId | undefined;
  let tempDir: string | null = null;
  let remoteDeb: string | null = null;
  let agentVersion: string | undefined;

  const exec = async (step: InstallStepId, command: string, stdin?: string): Promise<string> => {
    // The package manager is never cut off half-way (that leaves a half-configured package): a
    // cancel during the install step takes effect once it ends.
    const interruptible = step !== 'install' && step !== 'remove';
    const onAbort = () => emit({ kind: 'output', step, stream: 'info', text: 'Cancelling once the package manager has finished (stopping it half-way would leave the package half-installed)…\n' });
    if (!interruptible) signal.addEventListener('abort', onAbort, { once: true });
    const r = await remote
      .run(command, { ...(stdin !== undefined ? { stdin } : {}), ...(interruptible ? { signal } : {}), onOutput: (stream, text) => emit({ kind: 'output', step, stream, text }) })
      .finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) throw signal.reason;
    if (r.code !== 0) {
      const said = lastLine(r.stderr) || lastLine(r.stdout);
      throw new StepFailed(step, `${stepName(step)} failed (exit ${r.code ?? 'without a status'}${said ? `: ${said}` : ''}). ${STEP_ADVICE[step]}`);
    }
    return r.stdout;
  };
  const root = (step: InstallStepId, script: string) => {
    const c = asRoot(script, plan.sudo, d.sudoPassword);
    return exec(step, c.command, c.stdin);
  };

  const run = async (step: InstallStep): Promise<void> => {
    switch (step.id) {
      case 'upload': {
        tempDir = (await exec('upload', MAKE_TEMP_DIR)).trim().split('\n').pop() ?? '';
        if (!tempDir.startsWith('/tmp/')) throw new StepFailed('upload', `could not make a temporary folder on the server (it said "${tempDir}"). ${STEP_ADVICE.upload}`);
        remoteDeb = `${tempDir}/${step.file}`;
        let reported = 0;
        emit({ kind: 'output', step: 'upload', stream: 'info', text: `Sending ${step.file} (${(step.bytes / MB).toFixed(1)} MB) to ${tempDir}\n` });
        await remote
          .upload(d.packagePath, remoteDeb, {
            signal,
            onProgress: (sent, total) => {
              // A line per quarter: enough to see it move, little enough for a log.
              if (total > 0 && sent - reported >= total / 4) {
                reported = sent;
                emit({ kind: 'output', step: 'upload', stream: 'info', text: `${(sent / MB).toFixed(1)} MB of ${(total / MB).toFixed(1)} MB sent\n` });
              }
            },
          })
          .catch((err: unknown) => {
            if (signal.aborted) throw signal.reason;
            throw new StepFailed('upload', `Uploading the package failed: ${err instanceof Error ? err.message : String(err)}. ${STEP_ADVICE.upload}`);
          });
        return;
      }
      case 'install':
        if (!remoteDeb) throw new StepFailed('install', 'the package was not uploaded');
        emit({ kind: 'output', step: 'install', stream: 'info', text: step.from ? `Upgrading switch-agent ${step.from} to ${step.to}\n` : `Installing switch-agent ${step.to}\n` });
        await root('install', installScript(remoteDeb));
        return;
      case 'group':
        await root('group', groupScript(step.user, step.group));
        return;
      case 'start':
        await root('start', startScript({ systemd: step.systemd, restart: step.restart, socketPath: d.socketPath }));
        return;
      case 'stop':
        await root('stop', stopScript(step.systemd, d.socketPath));
        return;
      case 'remove':
        emit({ kind: 'output', step: 'remove', stream: 'info', text: step.purge ? `Purging switch-agent ${step.version} and its data\n` : `Removing switch-agent ${step.version} (its data is kept)\n` });
        await root('remove', removeScript(step.purge));
        return;
      case 'connect': {
        const r = await d.connect();
        if (signal.aborted) throw signal.reason;
        if ('problem' in r) throw new StepFailed('connect', `Connecting to the agent failed: ${r.problem}. ${STEP_ADVICE.connect}`);
        agentVersion = r.agentVersion;
        emit({ kind: 'output', step: 'connect', stream: 'info', text: `Connected to switch-agent ${r.agentVersion}\n` });
        return;
      }
    }
  };

  let final: ProgressPayload;
  try {
    for (const step of plan.steps) {
      if (signal.aborted) throw signal.reason;
      current = step.id;
      emit({ kind: 'step', step: step.id, state: 'running' });
      await run(step);
      emit({ kind: 'step', step: step.id, state: 'done' });
    }
    final = { kind: 'finished', outcome: plan.action === 'remove' || plan.action === 'purge' ? 'removed' : 'installed', message: doneMessage(plan), ...(agentVersion ? { agentVersion } : {}) };
  } catch (err) {
    if (current) emit({ kind: 'step', step: current, state: 'failed' });
    if (signal.aborted) {
      final = { kind: 'finished', outcome: 'cancelled', ...(current ? { step: current } : {}), message: `Cancelled${current ? ` during "${stepName(current)}"` : ''}. Run the installer again to finish: it only does what is still missing.` };
    } else {
      const step = err instanceof StepFailed ? err.step : current;
      const message = err instanceof StepFailed ? err.message : `${current ? `${stepName(current)} failed: ` : ''}${err instanceof Error ? err.message : String(err)}`;
      final = { kind: 'finished', outcome: 'failed', ...(step ? { step } : {}), message: message.slice(0, 4000) };
    }
  }
  // The uploaded package is removed before the end is announced.
  if (tempDir) await remote.run(removeTempDir(tempDir)).catch(() => undefined);
  emit(final);
}

export function stepName(step: InstallStepId): string {
  return { upload: 'Upload', install: 'Install', group: 'Group membership', start: 'Start the agent', connect: 'Connect', stop: 'Stop the agent', remove: 'Remove the package' }[step];
}

function doneMessage(plan: InstallPlan): string {
  switch (plan.action) {
    case 'current':
      return `switch-agent ${plan.packageVersion} was already installed; nothing was changed.`;
    case 'upgrade':
      return `switch-agent upgraded from ${plan.installedVersion} to ${plan.packageVersion}.`;
    case 'install':
      return `switch-agent ${plan.packageVersion} installed.`;
    case 'remove':
      return `switch-agent ${plan.packageVersion} removed; its data in /var/lib/switch-agent and its settings are kept.`;
    case 'purge':
      return `switch-agent ${plan.packageVersion} purged: its data in /var/lib/switch-agent and its settings are deleted.`;
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim().slice(0, 500);
}
