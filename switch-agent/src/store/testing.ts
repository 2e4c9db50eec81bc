/** Test doubles for the store's side effects (unit tests only; the real engine is proven in test/integration). */
import Database from 'better-sqlite3';
import type { ConfigSnapshot } from '@shared/model';
import type { PlanAction } from '@shared/rpc/agentApi';
import { AuditRepo } from './auditRepo';
import { ConfigService } from './configService';
import { runMigrations } from './migrate';
import { EngineApplyError, type Clock, type ConfigChangedEvent, type EngineApplier, type Timer } from './ports';
import { RevisionRepo } from './revisionRepo';
import { SecretBox } from '../secrets/secretBox';
import { SecretVault } from './secretVault';
import { storeMigrations } from './storeMigrations';

/** A fixed key: unit tests need a box, not secrecy. */
export const testSecretBox = (): SecretBox => new SecretBox(Buffer.alloc(32, 7));

export class ManualClock implements Clock {
  private t: number;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.t = start;
  }
  now(): Date {
    return new Date(this.t);
  }
  setTimer(ms: number, fn: () => void): Timer {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  }
  /** Moves time forward and fires the timers that came due, in order. */
  advance(ms: number): void {
    this.t += ms;
    for (const timer of this.timers.filter((x) => x.live && x.at <= this.t).sort((a, b) => a.at - b.at)) {
      timer.live = false;
      timer.fn();
    }
  }
  get liveTimers(): number {
    return this.timers.filter((x) => x.live).length;
  }
}

/** Records what the store asked of the engine; can be told to fail the next apply(s). */
export class RecordingEngine implements EngineApplier {
  applied: ConfigSnapshot[] = [];
  failNext = 0;
  plan(prev: ConfigSnapshot, next: ConfigSnapshot): PlanAction[] {
    return prev.hash === next.hash ? [] : [{ kind: 'runtime-set', target: 'kamailio', detail: `${prev.hash.slice(0, 8)} -> ${next.hash.slice(0, 8)}` }];
  }
  async apply(prev: ConfigSnapshot, next: ConfigSnapshot): Promise<PlanAction[]> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new EngineApplyError('kamailio -c rejected the configuration', { kind: 'restart', target: 'kamailio', detail: 'config check' });
    }
    this.applied.push(next);
    return this.plan(prev, next);
  }
  get running(): ConfigSnapshot | undefined {
    return this.applied[this.applied.length - 1];
  }
}

export function makeService(db = new Database(':memory:'), clock = new ManualClock(), engine = new RecordingEngine()) {
  const box = testSecretBox();
  runMigrations(db, storeMigrations(box));
  const events: ConfigChangedEvent[] = [];
  const errors: string[] = [];
  const revisions = new RevisionRepo(db, new SecretVault(db, box));
  const service = new ConfigService({
    revisions,
    audit: new AuditRepo(db),
    engine,
    clock,
    log: { info: () => {}, error: (m) => void errors.push(m) },
    onChanged: (e) => void events.push(e),
  });
  return { db, clock, engine, service, revisions, events, errors, audit: new AuditRepo(db) };
}

/** Lets queued async work (the service's serial queue) run to completion. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}
