/**
 * The one HTTP path to Anchore: undici with an injected Dispatcher (STYLE.md habit 9), basic auth,
 * JSON, `x-anchore-account`, a client-side timeout that covers the body, and URL joining that keeps
 * a base URL's path prefix. It returns every HTTP status; only transport failures throw.
 */
import { Agent, type Dispatcher } from 'undici';
import { UsageError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { AnchoreRequestError, describeCause } from './errors.ts';
import type { AnchoreCredentials } from './options.ts';

/** Joins a base URL (with or without a path prefix or trailing slash) and an API path. */
export function joinUrl(base: string, path: string): URL {
  const url = parseBaseUrl(base);
  const prefix = url.pathname.replace(/\/+$/, '');
  const suffix = path.replace(/^\/+/, '');
  return new URL(`${url.origin}${prefix}/${suffix}`);
}

/** Validates `anchore.url`: an absolute http(s) URL. */
export function parseBaseUrl(base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(`anchore.url: expected an absolute http(s) URL, got ${JSON.stringify(base)}`, {
      hint: 'Write the scheme too, e.g. https://anchore.example.com',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`anchore.url: expected an http or https URL, got scheme "${url.protocol}"`, {
      hint: 'Use https://anchore.example.com (or http:// for a test instance)',
    });
  }
  return url;
}

export interface DispatcherOptions {
  readonly insecure: boolean;
  readonly caCertPem?: string;
}

/** One keep-alive pool for the agent's whole life; TLS verification stays on unless `insecure`. */
export function createDefaultDispatcher(options: DispatcherOptions, log: Logger): Agent {
  if (options.insecure) {
    log.warn('anchore.http.insecure is true: the Anchore TLS certificate is NOT verified');
  }
  return new Agent({
    keepAliveTimeout: 30_000,
    connections: 8,
    connect: {
      rejectUnauthorized: !options.insecure,
      ...(options.caCertPem === undefined ? {} : { ca: options.caCertPem }),
    },
  });
}

export interface HttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Path below the base URL, e.g. `v2/kubernetes-inventory`. */
  readonly path: string;
  /** Low-cardinality name of the call for errors and metrics, e.g. `/v2/kubernetes-inventory`. */
  readonly endpoint: string;
  readonly body?: unknown;
  readonly account: string;
  readonly credentials: AnchoreCredentials;
  readonly signal?: AbortSignal;
}

export interface AnchoreHttpOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly dispatcher: Dispatcher;
  readonly userAgent?: string;
}

export type SendRequest = (request: HttpRequest) => Promise<HttpResponse>;

function buildHeaders(request: HttpRequest, userAgent: string): Record<string, string> {
  const { user, password } = request.credentials;
  return {
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    'content-type': 'application/json',
    accept: 'application/json',
    'x-anchore-account': request.account,
    'user-agent': userAgent,
  };
}

function transportError(request: HttpRequest, context: { url: URL; timedOut: boolean; timeoutMs: number; cause: unknown }): AnchoreRequestError {
  const where = `${request.method} ${context.url.origin}${context.url.pathname}`;
  if (context.timedOut) {
    return new AnchoreRequestError(`Anchore did not answer ${where} within ${context.timeoutMs / 1000}s`, {
      kind: 'Unreachable',
      endpoint: request.endpoint,
      hint: 'Check that Anchore is up and not overloaded, or raise anchore.http.timeout-seconds',
      cause: context.cause,
    });
  }
  if (request.signal?.aborted === true) {
    return new AnchoreRequestError(`${where} was cancelled because kai is stopping`, {
      kind: 'Unreachable',
      endpoint: request.endpoint,
      hint: 'Nothing to do: the next run sends a fresh inventory',
      cause: context.cause,
    });
  }
  return new AnchoreRequestError(`cannot reach Anchore at ${where}: ${describeCause(context.cause)}`, {
    kind: 'Unreachable',
    endpoint: request.endpoint,
    hint: 'Check anchore.url, DNS, network policies and proxies between kai and Anchore, and that Anchore is running',
    cause: context.cause,
  });
}

/**
 * One AbortController per request, aborted by the timeout or the caller's signal. The timer and the
 * listener are removed when the request ends, so nothing lingers (and a long-lived shutdown signal
 * does not collect a listener per request, as AbortSignal.any would).
 */
function requestSignal(timeoutMs: number, outer: AbortSignal | undefined): { signal: AbortSignal; timedOut: () => boolean; release: () => void } {
  const controller = new AbortController();
  const state = { timedOut: false };
  const onOuterAbort = (): void => {
    controller.abort(outer?.reason);
  };
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  if (outer?.aborted === true) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => state.timedOut,
    release: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}

/** Builds the sender. Each call gets `timeoutMs` for the whole exchange, body included. */
export function createAnchoreHttp(options: AnchoreHttpOptions): SendRequest {
  parseBaseUrl(options.baseUrl);
  const userAgent = options.userAgent ?? 'kai';
  return async (request) => {
    const url = joinUrl(options.baseUrl, request.path);
    const abort = requestSignal(options.timeoutMs, request.signal);
    try {
      const response = await options.dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method,
        headers: buildHeaders(request, userAgent),
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal: abort.signal,
      });
      const text = await response.body.text();
      const contentType = response.headers['content-type'];
      return { status: response.statusCode, contentType: typeof contentType === 'string' ? contentType : '', text };
    } catch (cause) {
      throw transportError(request, { url, timedOut: abort.timedOut(), timeoutMs: options.timeoutMs, cause });
    } finally {
      abort.release();
    }
  };
}
