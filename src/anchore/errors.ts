/**
 * Why an Anchore call failed, as a closed set the agent switches over (STYLE.md habit 2). Every
 * error is an AnchoreError (exit 4) with a one-line message and a hint; none carries a password.
 */
import { AnchoreError } from '../errors.ts';

export const ANCHORE_ERROR_KINDS = ['AccountMissing', 'Unauthorized', 'Unreachable', 'Rejected'] as const;
export type AnchoreErrorKind = (typeof ANCHORE_ERROR_KINDS)[number];

export interface AnchoreRequestErrorOptions {
  readonly kind: AnchoreErrorKind;
  /** Path template of the call, e.g. `/v2/kubernetes-inventory`. */
  readonly endpoint: string;
  readonly hint: string;
  readonly status?: number;
  /** The `message`/`detail` Anchore sent back, if any. */
  readonly serverMessage?: string;
  readonly cause?: unknown;
}

export class AnchoreRequestError extends AnchoreError {
  readonly kind: AnchoreErrorKind;
  readonly endpoint: string;
  readonly serverMessage: string | undefined;

  constructor(message: string, options: AnchoreRequestErrorOptions) {
    super(message, {
      hint: options.hint,
      ...(options.status === undefined ? {} : { status: options.status }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.kind = options.kind;
    this.endpoint = options.endpoint;
    this.serverMessage = options.serverMessage;
  }
}

/** Statuses that mean "Anchore (or its proxy) is not there right now" (as the Go agent's ServerIsOffline). */
export const OFFLINE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** Registration keeps waiting through these: connection errors, timeouts, 429, 502/503/504. */
export function isOffline(error: unknown): boolean {
  if (!(error instanceof AnchoreRequestError)) return false;
  if (error.kind === 'Unreachable') return true;
  return error.status !== undefined && (error.status === 429 || OFFLINE_STATUSES.has(error.status));
}

/** An inventory POST is retried within the cycle on these: connection errors, timeouts, 429, 5xx. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof AnchoreRequestError)) return false;
  if (error.kind === 'Unreachable') return true;
  return error.status !== undefined && (error.status === 429 || error.status >= 500);
}

/** Replaces every occurrence of each non-empty secret, so an echoing server cannot leak one into a log. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((out, secret) => out.split(secret).join('[REDACTED]'), text);
}

/** Describes a low-level failure (undici error codes, aborts) in a few words. */
export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  const causeCode = (error.cause as { code?: unknown } | undefined)?.code;
  const codes = [code, causeCode].filter((c): c is string => typeof c === 'string');
  const detail = error.cause instanceof Error && error.cause.message !== error.message ? `: ${error.cause.message}` : '';
  return `${codes.length > 0 ? `${codes.join('/')} ` : ''}${error.message}${detail}`.replace(/\s+/g, ' ').trim();
}
