import type { ConfigSnapshot } from '@shared/model';
import type { EngineAction, EngineDriver, EngineStatus, ProcessStatus } from './types';

const REASON = 'the engine is disabled in the agent settings (engine.enabled = false): configuration is stored only';

/**
 * Used when the settings file turns the engine off (a staging or store-only agent): every change is
 * recorded but nothing runs, and engine.status says so plainly instead of pretending.
 */
export class DisabledEngine implements EngineDriver {
  private readonly since = Date.now();

  async start(_snapshot: ConfigSnapshot): Promise<void> {}
  plan(_prev: ConfigSnapshot, _next: ConfigSnapshot): EngineAction[] {
    return [];
  }
  async apply(_prev: ConfigSnapshot, _next: ConfigSnapshot): Promise<EngineAction[]> {
    return [];
  }
  status(): EngineStatus {
    const s: ProcessStatus = { state: 'stopped', pid: null, version: null, since: this.since, restarts: 0, lastError: REASON, nextAttemptAt: null };
    return { kamailio: { ...s }, rtpengine: { ...s } };
  }
  async probe(): Promise<EngineStatus> {
    return this.status();
  }
  async restart(): Promise<void> {
    throw new Error(REASON);
  }
  async health(): Promise<{ ok: boolean; detail: string }> {
    return { ok: false, detail: REASON };
  }
  async stop(): Promise<void> {}
  on(_event: 'state', _cb: (s: EngineStatus) => void): () => void {
    return () => {};
  }
}
