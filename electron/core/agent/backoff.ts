/** Reconnect delays: exponential with a cap and jitter, so many desktops do not reconnect in step. */

export interface BackoffOptions {
  /** Delay before the first retry. Default 250 ms. */
  initialMs?: number;
  /** Upper bound. Default 15 s. */
  maxMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
  /** Spread as a fraction of the delay, 0–1 (0.2 → ±20 %). Default 0.2. */
  jitter?: number;
}

/** Delay before retry number `attempt` (1 = first retry); `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 15_000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(max, initial * factor ** Math.min(exponent, 64));
  const spread = base * jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(max, base + spread)));
}
