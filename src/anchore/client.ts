/**
 * The Anchore Enterprise client (SPEC section 5): version detection, inventory with the v2 -> v1
 * fallback and back, account-not-found fallback, registration and health reports. All state (the
 * inventory endpoint in use) lives in the object this factory returns, never at module scope.
 */
import type { Agent, Dispatcher } from 'undici';
import type { InventoryReport } from '../inventory/report-types.ts';
import type { Logger } from '../log/logger.ts';
import { AnchoreRequestError } from './errors.ts';
import { createAnchoreHttp, createDefaultDispatcher, type HttpRequest, type HttpResponse, type SendRequest } from './http.ts';
import type { AnchoreCredentials, AnchoreOptions } from './options.ts';
import { errorFromResponse, isSuccess, jsonBodyOf, type ResponseContext } from './responses.ts';
import { parseVersionBody, type AnchoreVersion } from './version.ts';

export const INVENTORY_ENDPOINTS = {
  v2: 'v2/kubernetes-inventory',
  v1: 'v1/enterprise/kubernetes-inventory',
} as const;
export type InventoryEndpoint = keyof typeof INVENTORY_ENDPOINTS;

export const REGISTRATION_PATH = 'v2/system/integrations/registration';
export const HEALTH_REPORT_ENDPOINT = '/v2/system/integrations/{uuid}/health-report';

export interface RequestEvent {
  readonly endpoint: string;
  readonly code: number | 'error';
}

export interface AnchoreClientDeps {
  readonly dispatcher?: Dispatcher;
  readonly log: Logger;
  readonly onRequest?: (event: RequestEvent) => void;
  readonly userAgent?: string;
}

/** Where to retry once when the target account does not exist (SPEC section 5). */
export interface AccountFallback {
  readonly account: string;
  readonly credentials?: AnchoreCredentials;
}

export interface PostInventoryOptions {
  /** Defaults to `anchore.user`/`anchore.password`. */
  readonly credentials?: AnchoreCredentials;
  /** Defaults to `anchore.account` with the default credentials; `null` disables the retry. */
  readonly fallback?: AccountFallback | null;
  readonly signal?: AbortSignal;
}

export interface InventoryPostResult {
  /** The account that accepted the report (the fallback account after an account-missing retry). */
  readonly account: string;
  readonly endpoint: InventoryEndpoint;
  /** Set when the target account was missing and the report went to the fallback account. */
  readonly accountMissing?: AnchoreRequestError;
}

export interface RegisteredIntegration {
  readonly uuid: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface AnchoreClient {
  readonly account: string;
  readonly user: string;
  /** The inventory endpoint the next POST goes to. */
  inventoryEndpoint(): InventoryEndpoint;
  getVersion(signal?: AbortSignal): Promise<AnchoreVersion>;
  postInventory(report: InventoryReport, account: string, options?: PostInventoryOptions): Promise<InventoryPostResult>;
  register(body: object, signal?: AbortSignal): Promise<RegisteredIntegration>;
  sendHealthReport(uuid: string, body: object, signal?: AbortSignal): Promise<void>;
  /** Closes the dispatcher kai created (an injected one belongs to the caller). */
  close(): Promise<void>;
}

type Target = Omit<HttpRequest, 'path' | 'endpoint' | 'method' | 'body'>;

const withSignal = (signal: AbortSignal | undefined): { signal?: AbortSignal } => (signal === undefined ? {} : { signal });

class HttpAnchoreClient implements AnchoreClient {
  readonly account: string;
  readonly user: string;
  readonly #send: SendRequest;
  readonly #deps: AnchoreClientDeps;
  readonly #defaults: AnchoreCredentials;
  readonly #ownDispatcher: Agent | undefined;
  /** The inventory endpoint in use: v2 until a 404 and /version say otherwise (and back). */
  #inventory: InventoryEndpoint = 'v2';

  constructor(options: AnchoreOptions, deps: AnchoreClientDeps) {
    this.account = options.account;
    this.user = options.user;
    this.#deps = deps;
    this.#defaults = { user: options.user, password: options.password };
    this.#ownDispatcher = deps.dispatcher === undefined ? createDefaultDispatcher(options, deps.log) : undefined;
    const dispatcher: Dispatcher = deps.dispatcher ?? (this.#ownDispatcher as Agent);
    this.#send = createAnchoreHttp({
      baseUrl: options.url,
      timeoutMs: options.timeoutMs,
      dispatcher,
      ...(deps.userAgent === undefined ? {} : { userAgent: deps.userAgent }),
    });
  }

  inventoryEndpoint(): InventoryEndpoint {
    return this.#inventory;
  }

  async close(): Promise<void> {
    await this.#ownDispatcher?.close();
  }

  async #exchange(request: HttpRequest): Promise<HttpResponse> {
    const started = performance.now();
    try {
      const response = await this.#send(request);
      this.#deps.onRequest?.({ endpoint: request.endpoint, code: response.status });
      const ms = Math.round(performance.now() - started);
      this.#deps.log.debug({ endpoint: request.endpoint, account: request.account, status: response.status, ms }, 'anchore request');
      return response;
    } catch (error) {
      this.#deps.onRequest?.({ endpoint: request.endpoint, code: 'error' });
      throw error;
    }
  }

  #context(operation: string, request: HttpRequest): ResponseContext {
    return {
      operation,
      endpoint: request.endpoint,
      account: request.account,
      user: request.credentials.user,
      secrets: [request.credentials.password, this.#defaults.password],
    };
  }

  #defaultTarget(signal: AbortSignal | undefined): Target {
    return { account: this.account, credentials: this.#defaults, ...withSignal(signal) };
  }

  /** Sends a request and returns its JSON body; any non-2xx or non-JSON answer throws. */
  async #call(operation: string, request: HttpRequest): Promise<unknown> {
    const response = await this.#exchange(request);
    const context = this.#context(operation, request);
    if (!isSuccess(response)) throw errorFromResponse(response, { ...context, forbiddenMeansAccountMissing: false });
    return jsonBodyOf(response, context);
  }

  async getVersion(signal?: AbortSignal): Promise<AnchoreVersion> {
    const request: HttpRequest = { ...this.#defaultTarget(signal), method: 'GET', path: 'version', endpoint: '/version' };
    return parseVersionBody(await this.#call('GET /version', request), request.endpoint);
  }

  async #postOnce(report: InventoryReport, target: Target): Promise<{ response: HttpResponse; request: HttpRequest }> {
    const path = INVENTORY_ENDPOINTS[this.#inventory];
    const request: HttpRequest = { ...target, method: 'POST', path, endpoint: `/${path}`, body: report };
    return { response: await this.#exchange(request), request };
  }

  /** A 404 makes kai ask /version which endpoint this Anchore has, and re-post once if it changed. */
  async #detectEndpoint(endpoint: string, signal: AbortSignal | undefined): Promise<boolean> {
    const before = this.#inventory;
    const version = await this.getVersion(signal).catch((error: unknown) => {
      throw wrapVersionFailure(error, endpoint);
    });
    this.#inventory = version.apiVersion === '2' ? 'v2' : 'v1';
    if (this.#inventory === before) return false;
    const [from, to] = [`/${INVENTORY_ENDPOINTS[before]}`, `/${INVENTORY_ENDPOINTS[this.#inventory]}`];
    this.#deps.log.info({ from, to, anchoreApiVersion: version.apiVersion }, 'switching the Anchore inventory endpoint');
    return true;
  }

  async #postToAccount(report: InventoryReport, target: Target): Promise<InventoryEndpoint> {
    let { response, request } = await this.#postOnce(report, target);
    if (response.status === 404 && (await this.#detectEndpoint(request.endpoint, target.signal))) {
      ({ response, request } = await this.#postOnce(report, target));
    }
    const context = this.#context(`POST ${request.endpoint} (account "${target.account}")`, request);
    if (!isSuccess(response)) throw errorFromResponse(response, { ...context, forbiddenMeansAccountMissing: true });
    jsonBodyOf(response, context);
    return this.#inventory;
  }

  async postInventory(report: InventoryReport, account: string, options: PostInventoryOptions = {}): Promise<InventoryPostResult> {
    const signal = options.signal;
    const credentials = options.credentials ?? this.#defaults;
    try {
      return { account, endpoint: await this.#postToAccount(report, { account, credentials, ...withSignal(signal) }) };
    } catch (error) {
      const fallback = options.fallback === undefined ? { account: this.account } : options.fallback;
      const isMissing = error instanceof AnchoreRequestError && error.kind === 'AccountMissing';
      if (!isMissing || fallback === null || fallback.account === account) throw error;
      this.#deps.log.warn({ account, fallbackAccount: fallback.account, reason: error.message }, 'Anchore account not found: sending this report to the default account');
      const target = { account: fallback.account, credentials: fallback.credentials ?? this.#defaults, ...withSignal(signal) };
      return { account: fallback.account, endpoint: await this.#postToAccount(report, target), accountMissing: error };
    }
  }

  async register(body: object, signal?: AbortSignal): Promise<RegisteredIntegration> {
    const request: HttpRequest = { ...this.#defaultTarget(signal), method: 'POST', path: REGISTRATION_PATH, endpoint: `/${REGISTRATION_PATH}`, body };
    const answer = await this.#call('integration registration', request);
    const uuid = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>).uuid : undefined;
    if (typeof uuid !== 'string' || uuid === '') {
      throw new AnchoreRequestError('integration registration: Anchore answered without a "uuid"', {
        kind: 'Rejected',
        endpoint: request.endpoint,
        hint: 'Check that anchore.url points at Anchore Enterprise 5.11 or later',
      });
    }
    return { uuid, body: answer as Record<string, unknown> };
  }

  async sendHealthReport(uuid: string, body: object, signal?: AbortSignal): Promise<void> {
    const path = `v2/system/integrations/${encodeURIComponent(uuid)}/health-report`;
    await this.#call('health report', { ...this.#defaultTarget(signal), method: 'POST', path, endpoint: HEALTH_REPORT_ENDPOINT, body });
  }
}

/** Builds the client. Without an injected dispatcher it owns one keep-alive pool, closed by close(). */
export function createAnchoreClient(options: AnchoreOptions, deps: AnchoreClientDeps): AnchoreClient {
  return new HttpAnchoreClient(options, deps);
}

function wrapVersionFailure(error: unknown, endpoint: string): AnchoreRequestError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AnchoreRequestError(`${endpoint} answered 404 and the API version check failed too: ${reason}`, {
    kind: error instanceof AnchoreRequestError ? error.kind : 'Rejected',
    endpoint,
    ...(error instanceof AnchoreRequestError && error.status !== undefined ? { status: error.status } : {}),
    hint: 'Check that anchore.url is the Anchore Enterprise API URL (it must serve /version)',
    cause: error,
  });
}
