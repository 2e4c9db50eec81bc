import type { ParamDef } from './types';
import { AUTHENTICATION_PARAMS } from './params/authentication';
import { CALLER_ID_PARAMS } from './params/caller-id';
import { MEDIA_PARAMS } from './params/media';
import { NAT_PARAMS } from './params/nat';
import { OUTBOUND_REGISTRATION_PARAMS } from './params/outbound-registration';
import { PRESENCE_PARAMS } from './params/presence';
import { REGISTRATION_PARAMS } from './params/registration';
import { SECURITY_PARAMS } from './params/security';
import { SESSION_PARAMS } from './params/session';
import { SWITCHING_PARAMS } from './params/switching';
import { TIMER_PARAMS } from './params/timers';

function assemble(groups: readonly (readonly ParamDef[])[]): readonly ParamDef[] {
  const all = groups.flat();
  const seen = new Set<string>();
  for (const def of all) {
    // A duplicate would make getParam() ambiguous; fail at load time rather than pick one silently.
    if (seen.has(def.name)) throw new Error(`Parameter catalog: ${def.name} is defined twice`);
    seen.add(def.name);
  }
  const sorted = [...all].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return Object.freeze(sorted.map((def) => deepFreeze(def)));
}

// Entries are shared by every layer; freezing stops one caller from mutating a default list for all others.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Every VOS3000 system parameter we model, sorted by name. */
export const CATALOG: readonly ParamDef[] = assemble([
  SECURITY_PARAMS,
  AUTHENTICATION_PARAMS,
  REGISTRATION_PARAMS,
  SWITCHING_PARAMS,
  TIMER_PARAMS,
  SESSION_PARAMS,
  NAT_PARAMS,
  MEDIA_PARAMS,
  OUTBOUND_REGISTRATION_PARAMS,
  CALLER_ID_PARAMS,
  PRESENCE_PARAMS,
]);

export const PARAM_NAMES: readonly string[] = Object.freeze(CATALOG.map((def) => def.name));

const BY_NAME: ReadonlyMap<string, ParamDef> = new Map(CATALOG.map((def) => [def.name, def]));

export function getParam(name: string): ParamDef | undefined {
  return BY_NAME.get(name);
}

/** The catalog default of `name`; throws for an unknown name because callers pass names from code, not users. */
export function defaultValue(name: string): ParamDef['default'] {
  const def = BY_NAME.get(name);
  if (!def) throw new Error(`Unknown parameter ${name}`);
  return def.default;
}
