import { mapOpsSecrets } from '@shared/config/secretFields';
import type { ConfigOp } from '@shared/model/ops';

/** Whether saving these ops in a draft would store a password or secret parameter value. */
export function opsCarrySecretValues(ops: readonly ConfigOp[]): boolean {
  let found = false;
  mapOpsSecrets(ops, (_path, v, asParam) => {
    if (asParam ? typeof v === 'string' && v !== '' : typeof v === 'object' && v !== null && 'value' in v) found = true;
    return v;
  });
  return found;
}
