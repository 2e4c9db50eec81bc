import type { ConfigSnapshot } from '@shared/model';
import type { EngineApplier } from '../store/ports';
import { EngineApplyError } from '../store/ports';
import { EngineError, type EngineDriver } from './types';

/** The store's view of the driver: plan and apply, with driver failures in the store's error type. */
export function engineApplier(driver: EngineDriver): EngineApplier {
  return {
    plan: (prev: ConfigSnapshot, next: ConfigSnapshot) => driver.plan(prev, next),
    apply: async (prev: ConfigSnapshot, next: ConfigSnapshot) => {
      try {
        return await driver.apply(prev, next);
      } catch (e) {
        if (e instanceof EngineError) {
          const last = e.done.at(-1) ?? null;
          throw new EngineApplyError(last ? `${e.message} (after: ${last.target} ${last.detail})` : e.message, null, { cause: e });
        }
        throw e;
      }
    },
  };
}
