/**
 * Per-gateway call figures from ended calls: counts per second (for the attempts/answered
 * rates) and a sliding window (ASR, ACD) kept as fixed time buckets, so memory per gateway is
 * constant whatever the call rate.
 */
export interface EndedCall {
  /** Gateway name (routing or mapping side). */
  gateway: string;
  answered: boolean;
  /** Seconds the call was up (0 for unanswered calls). */
  duration: number;
}

export interface GatewayFigures {
  attempts: number;
  answered: number;
  /** Calls ended in the window (what ASR and ACD are taken over). */
  windowCalls: number;
  /** Percent of window attempts answered; undefined when the window holds no attempt. */
  asr?: number;
  /** Mean seconds of the window's answered calls; undefined when none was answered. */
  acd?: number;
}

interface Buckets {
  stamp: Int32Array;
  attempts: Float64Array;
  answered: Float64Array;
  duration: Float64Array;
}

export class GatewayWindow {
  private readonly gws = new Map<string, Buckets>();
  private readonly pending = new Map<string, { attempts: number; answered: number }>();

  /** The window is `bucketCount` × `bucketMs` (default 30 × 10 s = 5 minutes). */
  constructor(
    private readonly bucketMs = 10_000,
    private readonly bucketCount = 30,
  ) {}

  add(call: EndedCall, nowMs: number): void {
    const b = this.buckets(call.gateway);
    const n = Math.floor(nowMs / this.bucketMs);
    const i = n % this.bucketCount;
    if (b.stamp[i] !== n) {
      b.stamp[i] = n;
      b.attempts[i] = 0;
      b.answered[i] = 0;
      b.duration[i] = 0;
    }
    b.attempts[i] = (b.attempts[i] ?? 0) + 1;
    if (call.answered) {
      b.answered[i] = (b.answered[i] ?? 0) + 1;
      b.duration[i] = (b.duration[i] ?? 0) + call.duration;
    }
    const p = this.pending.get(call.gateway) ?? { attempts: 0, answered: 0 };
    p.attempts++;
    if (call.answered) p.answered++;
    this.pending.set(call.gateway, p);
  }

  /**
   * Figures of every gateway with calls in the window; attempts/answered are those added since
   * the previous call of `take`. Gateways whose window emptied are forgotten.
   */
  take(nowMs: number): Map<string, GatewayFigures> {
    const out = new Map<string, GatewayFigures>();
    const n = Math.floor(nowMs / this.bucketMs);
    for (const [gw, b] of this.gws) {
      let attempts = 0;
      let answered = 0;
      let duration = 0;
      for (let i = 0; i < this.bucketCount; i++) {
        const age = n - (b.stamp[i] ?? -1);
        if (age < 0 || age >= this.bucketCount) continue;
        attempts += b.attempts[i] ?? 0;
        answered += b.answered[i] ?? 0;
        duration += b.duration[i] ?? 0;
      }
      const p = this.pending.get(gw);
      if (attempts === 0 && !p) {
        this.gws.delete(gw);
        continue;
      }
      const f: GatewayFigures = { attempts: p?.attempts ?? 0, answered: p?.answered ?? 0, windowCalls: attempts };
      if (attempts > 0) f.asr = (answered / attempts) * 100;
      if (answered > 0) f.acd = duration / answered;
      out.set(gw, f);
    }
    this.pending.clear();
    return out;
  }

  private buckets(gw: string): Buckets {
    let b = this.gws.get(gw);
    if (!b) {
      const k = this.bucketCount;
      b = { stamp: new Int32Array(k).fill(-1), attempts: new Float64Array(k), answered: new Float64Array(k), duration: new Float64Array(k) };
      this.gws.set(gw, b);
    }
    return b;
  }
}
