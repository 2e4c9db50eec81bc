// Per-gateway attempts, answers, ASR and ACD from the call records the agent already ingests.
//
// Why call records and not Kamailio counters: Kamailio's statistics module cannot create a
// counter at run time (update_stat on an undeclared name fails: "variable not defined"), so
// per-gateway counters would mean a restart for every gateway added; the CDRs already carry
// both gateway names, the final code and the duration of every call, with no loss (ingester.ts).
// The cost: a call counts when it ends (CDRs are written at dialog end), and a call that failed
// over counts for the last routing gateway tried only.
import type { Database } from 'better-sqlite3';
import { seriesId } from '@shared/monitor/series';
import { GatewayWindow } from './gatewayWindow';
import type { Sampler, SeriesValues } from './types';

interface Row {
  id: number;
  duration: number;
  routing_gateway: string | null;
  mapping_gateway: string | null;
  sip_code: number | null;
}

const BATCH = 5000;

export class GatewaySampler implements Sampler {
  readonly name = 'gateways';
  private readonly routing: GatewayWindow;
  private readonly mapping: GatewayWindow;
  private lastId: number;
  private readonly select;

  constructor(db: Database, windowBuckets?: { bucketMs: number; count: number }) {
    this.routing = new GatewayWindow(windowBuckets?.bucketMs, windowBuckets?.count);
    this.mapping = new GatewayWindow(windowBuckets?.bucketMs, windowBuckets?.count);
    // Calls that ended before the agent started are history, not this second's rate.
    this.lastId = (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM cdrs').get() as { id: number }).id;
    this.select = db.prepare<[number, number], Row>(
      'SELECT id, duration, routing_gateway, mapping_gateway, sip_code FROM cdrs WHERE id > ? ORDER BY id LIMIT ?',
    );
  }

  sample(nowMs: number): SeriesValues {
    for (;;) {
      const rows = this.select.all(this.lastId, BATCH);
      for (const r of rows) {
        const answered = r.sip_code !== null && r.sip_code >= 200 && r.sip_code < 300;
        const duration = answered ? r.duration : 0;
        if (r.routing_gateway) this.routing.add({ gateway: r.routing_gateway, answered, duration }, nowMs);
        if (r.mapping_gateway) this.mapping.add({ gateway: r.mapping_gateway, answered, duration }, nowMs);
        this.lastId = r.id;
      }
      if (rows.length < BATCH) break;
    }
    const out: SeriesValues = {};
    for (const [kind, w] of [['routing', this.routing], ['mapping', this.mapping]] as const) {
      for (const [gw, f] of w.take(nowMs)) {
        const id = (what: string) => seriesId(`gw.${kind}.{name}.${what}`, gw);
        // Counts since the previous sample, which is one second ago: a per-second rate.
        out[id('attempts')] = f.attempts;
        out[id('answered')] = f.answered;
        out[id('calls_window')] = f.windowCalls;
        if (f.asr !== undefined) out[id('asr')] = f.asr;
        if (f.acd !== undefined) out[id('acd')] = f.acd;
      }
    }
    return out;
  }
}
