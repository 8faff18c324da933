/**
 * Logs a repeating failure the way an operator wants to read it (STYLE.md habit 11): the first
 * failure at warn, repeats at debug, and the recovery at info.
 */
import type { Logger } from '../log/logger.ts';

export interface FailureLog {
  failed(error: unknown, fields?: Record<string, unknown>): void;
  succeeded(fields?: Record<string, unknown>): void;
  readonly consecutiveFailures: () => number;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function hintOf(error: unknown): string | undefined {
  const hint = (error as { hint?: unknown } | null)?.hint;
  return typeof hint === 'string' ? hint : undefined;
}

export function createFailureLog(log: Logger, what: string): FailureLog {
  let failures = 0;
  return {
    failed(error, fields = {}) {
      failures += 1;
      const hint = hintOf(error);
      const record = { ...fields, error: messageOf(error), ...(hint === undefined ? {} : { hint }), consecutiveFailures: failures };
      if (failures === 1) log.warn(record, `${what} failed`);
      else log.debug(record, `${what} failed again`);
    },
    succeeded(fields = {}) {
      if (failures > 0) log.info({ ...fields, failedAttempts: failures }, `${what} recovered`);
      failures = 0;
    },
    consecutiveFailures: () => failures,
  };
}
