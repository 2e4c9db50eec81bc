/**
 * What the install dialog shows, folded from install.progress events: each step's state, the
 * output so far (bounded) and the end. Pure.
 */
import type { InstallProgress, InstallStepId } from '@shared/rpc/installApi';

export type StepState = 'pending' | 'running' | 'done' | 'failed';
export type Finished = Extract<InstallProgress, { kind: 'finished' }>;

export interface InstallView {
  readonly steps: Readonly<Partial<Record<InstallStepId, StepState>>>;
  readonly log: string;
  readonly finished: Finished | null;
}

/** The log keeps its last part: apt can print a lot, and the end is what explains a failure. */
export const LOG_LIMIT = 200_000;

export const EMPTY_VIEW: InstallView = { steps: {}, log: '', finished: null };

export function applyProgress(view: InstallView, p: InstallProgress): InstallView {
  switch (p.kind) {
    case 'step':
      return { ...view, steps: { ...view.steps, [p.step]: p.state } };
    case 'output': {
      const log = view.log + p.text;
      return { ...view, log: log.length > LOG_LIMIT ? log.slice(log.length - LOG_LIMIT) : log };
    }
    case 'finished':
      return { ...view, finished: p };
  }
}
