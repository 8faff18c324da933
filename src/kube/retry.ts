/** Capped exponential backoff with jitter, and Retry-After parsing, for API requests. */

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Longest Retry-After kai honours; a larger value is capped to this. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

/** Restarts of one list after 410 Gone (its continue token expired) before giving up. */
export const MAX_LIST_RESTARTS = 3;

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * Delay before retry number `retry` (1-based): "equal jitter", so the delay is between half and all
 * of the capped exponential value; a Retry-After from the server wins (capped).
 */
export function computeRetryDelayMs(
  retry: number,
  options: { policy: RetryPolicy; random: () => number; retryAfterMs: number | undefined },
): number {
  const { policy, random, retryAfterMs } = options;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(capped / 2 + (capped / 2) * random());
}

/** `Retry-After: 3` → 3000 ms. HTTP dates are accepted too; anything else is ignored. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
