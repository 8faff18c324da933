/** Capped exponential backoff with jitter for registration and inventory delivery (STYLE.md habit 11). */

/** Waits `ms`, resolving early (never rejecting) when `signal` aborts. Injected so tests never wait. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Each delay is scaled by a random factor in [1 - jitterRatio, 1 + jitterRatio]. */
  readonly jitterRatio: number;
}

/** Registration while Anchore is unreachable: 2 s, 4 s, 8 s, … capped at 5 minutes. */
export const REGISTRATION_BACKOFF: BackoffPolicy = { initialMs: 2_000, maxMs: 300_000, jitterRatio: 0.2 };

/** Inventory POST retries inside one cycle: 1 s, 2 s, 4 s, … capped at 30 s. */
export const DELIVERY_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, jitterRatio: 0.2 };

/** Attempts per inventory batch, the first included (fewer when the next cycle is due sooner). */
export const DELIVERY_MAX_ATTEMPTS = 4;

/** Delay before retry number `retry` (1-based). `random()` in [0, 1); 0.5 gives the exact schedule. */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, retry - 1));
  const factor = 1 + policy.jitterRatio * (2 * random() - 1);
  return Math.round(base * factor);
}
