// The client's copy of a server's current calls, kept from the `calls` topic's changes. Pure.
import { CallChangeSchema, type Call } from '@shared/rpc/callsApi';

export class CallStore {
  private readonly byId = new Map<string, Call>();
  private list: Call[] | null = [];
  /** Time of the last `synced` marker (ms), null before the first: until then the set is partial. */
  syncedAt: number | null = null;
  /** Items that did not match the schema (a newer agent): left out, counted. */
  rejected = 0;

  /** Applies raw topic items; true when the calls or the sync time changed. */
  apply(items: readonly unknown[]): boolean {
    let changed = false;
    for (const raw of items) {
      const p = CallChangeSchema.safeParse(raw);
      if (!p.success) {
        this.rejected++;
        continue;
      }
      const c = p.data;
      if (c.kind === 'call') this.byId.set(c.call.id, c.call);
      else if (c.kind === 'gone') this.byId.delete(c.id);
      else this.syncedAt = c.t;
      changed = true;
    }
    if (changed) this.list = null;
    return changed;
  }

  /** The calls as an array that stays the same object until something changes. */
  calls(): readonly Call[] {
    this.list ??= [...this.byId.values()];
    return this.list;
  }

  get size(): number {
    return this.byId.size;
  }
}
