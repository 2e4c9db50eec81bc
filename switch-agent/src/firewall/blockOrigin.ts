// Who put a source in the block set, kept in the set element's own comment so the kernel's table
// is the one record of it: `operator <user>` or `suspension <kind>`.
import type { BlockOrigin } from '@shared/rpc/firewallApi';

export const operatorOrigin = (user: string) => `operator ${user}`;
export const suspensionOrigin = (kind: string) => `suspension ${kind}`;

/** Pure: an element comment → origin and by. */
export function parseOrigin(comment: string): { origin: BlockOrigin; by: string } {
  const m = /^(operator|suspension) (.*)$/.exec(comment);
  return m ? { origin: m[1] as BlockOrigin, by: m[2]! } : { origin: 'other', by: comment };
}
