/** Turns Anchore's HTTP answers into values or typed errors (SPEC section 5 status semantics). */
import { AnchoreRequestError, scrubSecrets } from './errors.ts';
import type { HttpResponse } from './http.ts';

export const ACCOUNT_MISSING_TEXT = 'User account not found';
export const NOT_AUTHORIZED_TEXT = 'Not authorized';

const MAX_MESSAGE_CHARS = 300;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE_CHARS ? `${flat.slice(0, MAX_MESSAGE_CHARS)}…` : flat;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The human part of an error body: Anchore API errors carry `message` (+ `detail`), controller
 * errors carry `title`/`detail`. A non-JSON body is summarised, never echoed whole.
 */
export function serverMessageOf(response: HttpResponse): string {
  if (response.text.trim() === '') return '';
  const parsed = parseJson(response.text);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
    return `non-JSON body (${response.contentType || 'no content type'}, ${response.text.length} bytes)`;
  }
  const record = parsed.value as Record<string, unknown>;
  const detail = record.detail;
  const detailText = typeof detail === 'string' ? detail : undefined;
  const message = stringField(record, 'message') ?? stringField(record, 'title') ?? stringField(record, 'error');
  const parts = [message, detailText].filter((p): p is string => p !== undefined && p.trim() !== '');
  return oneLine(parts.length > 0 ? [...new Set(parts)].join(': ') : JSON.stringify(record));
}

export interface ResponseContext {
  readonly operation: string;
  readonly endpoint: string;
  readonly account: string;
  readonly user: string;
  /** Secrets to scrub from anything the server echoes back. */
  readonly secrets: readonly string[];
}

function statusText(response: HttpResponse, message: string): string {
  return message === '' ? `${response.status}` : `${response.status}: ${message}`;
}

/** Classifies a non-2xx answer. `forbiddenMeansAccountMissing` is the inventory rule of SPEC section 5. */
export function errorFromResponse(
  response: HttpResponse,
  context: ResponseContext & { readonly forbiddenMeansAccountMissing: boolean },
): AnchoreRequestError {
  const message = scrubSecrets(serverMessageOf(response), context.secrets);
  const base = { endpoint: context.endpoint, status: response.status, serverMessage: message };
  const answered = `Anchore answered ${statusText(response, message)}`;
  if (response.status === 401) {
    return new AnchoreRequestError(`${context.operation}: Anchore rejected the credentials of user "${context.user}" (${statusText(response, message)})`, {
      ...base,
      kind: 'Unauthorized',
      hint: 'Check anchore.user and the password (KAI_ANCHORE_PASSWORD), or the user/password of the account route',
    });
  }
  const accountMissing =
    message.includes(ACCOUNT_MISSING_TEXT) || (response.status === 403 && context.forbiddenMeansAccountMissing);
  if (accountMissing) {
    return new AnchoreRequestError(`${context.operation}: Anchore account "${context.account}" was not found or is not usable by user "${context.user}" (${statusText(response, message)})`, {
      ...base,
      kind: 'AccountMissing',
      hint: 'Create the account in Anchore, or fix account-routes / the namespace label that names it',
    });
  }
  if (response.status === 403 && message.includes(NOT_AUTHORIZED_TEXT)) {
    return new AnchoreRequestError(`${context.operation}: user "${context.user}" is not authorized (${statusText(response, message)})`, {
      ...base,
      kind: 'Unauthorized',
      hint: 'Give the user a role that may register integrations and post inventories in this account',
    });
  }
  return new AnchoreRequestError(`${context.operation}: ${answered}`, {
    ...base,
    kind: 'Rejected',
    hint: response.status >= 500 ? 'Anchore had a server error: check its logs; kai tries again' : 'Check the Anchore logs for why the request was refused',
  });
}

/** A 2xx body must be JSON (or empty): a login page from a proxy is a failure, not a success. */
export function jsonBodyOf(response: HttpResponse, context: ResponseContext): unknown {
  if (response.text.trim() === '') return null;
  const parsed = parseJson(response.text);
  if (parsed.ok) return parsed.value;
  throw new AnchoreRequestError(`${context.operation}: Anchore answered ${response.status} with a non-JSON body (${response.contentType || 'no content type'})`, {
    kind: 'Rejected',
    endpoint: context.endpoint,
    status: response.status,
    serverMessage: 'non-JSON body',
    hint: 'Something other than Anchore answered (a proxy or login page?): check anchore.url',
  });
}

export function isSuccess(response: HttpResponse): boolean {
  return response.status >= 200 && response.status <= 299;
}
