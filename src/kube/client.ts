/**
 * The Kubernetes client kai uses: client-node's KubeConfig for kubeconfig, context, auth and TLS;
 * one shared undici Agent for HTTP; raw JSON pages parsed with JSON.parse. The typed client-node
 * model roughly doubles the cost of a pod list (STYLE.md runtime notes), so it is not used here.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ServerVersion } from '../inventory/model.ts';
import type { Logger } from '../log/logger.ts';
import { createHttpTransport, type HttpTransport } from './http-transport.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { listAllPages, type ListPagesOptions, type ListResult } from './list.ts';
import type { KubeConnectionOptions } from './options.ts';
import { fetchJson, type RequestContext, type RequestEvent } from './request.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, type Sleep } from './retry.ts';

export type { ListPagesOptions, ListResult } from './list.ts';
export type { RequestEvent } from './request.ts';

export interface KubeClientDeps {
  readonly log: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  /** Called after every HTTP attempt (metrics). */
  readonly onRequest?: (event: RequestEvent) => void;
  /** Default per-request timeout; 60 s when absent (kubernetes.request-timeout-seconds). */
  readonly requestTimeoutMs?: number;
  /** Default page size; 100 when absent (kubernetes.request-batch-size). */
  readonly batchSize?: number;
  readonly retryPolicy?: RetryPolicy;
  /** Waits between retries; tests pass a fake that records the delays. */
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Where the in-cluster service account token and CA live. */
  readonly serviceAccountDir?: string;
}

export interface KubeClient {
  /** kubeconfig.cluster when set, else the selected context's cluster name. */
  readonly clusterName: string;
  readonly server: string;
  /** Where the connection came from: a kubeconfig path, 'in-cluster' or 'explicit kubeconfig.server'. */
  readonly source: string;
  /** `GET /version`; `timeoutMs` overrides the client's default request timeout. */
  getVersion(signal: AbortSignal, timeoutMs?: number): Promise<ServerVersion>;
  /** GET one object, e.g. `/apis/apps/v1/namespaces/ns/replicasets/rs`; 404 is a KubeError with status 404. */
  getJson(path: string, signal: AbortSignal, timeoutMs?: number): Promise<unknown>;
  /** Every item of a paginated list, page by page. */
  listPages(path: string, opts: ListPagesOptions, onItem: (item: unknown) => void): Promise<ListResult>;
  /** The transport and request settings, for the watch cache. */
  readonly requestContext: RequestContext;
  readonly requestTimeoutMs: number;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_BATCH_SIZE = 100;

function toServerVersion(body: unknown): ServerVersion {
  const version: Record<string, string> = {};
  if (typeof body === 'object' && body !== null) {
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string') version[key] = value;
    }
  }
  return version;
}

const defaultSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, { signal });
};

export async function createKubeClient(conn: KubeConnectionOptions, deps: KubeClientDeps): Promise<KubeClient> {
  const loaded = loadKubeConfig(conn, {
    env: deps.env,
    homeDir: deps.homeDir,
    ...(deps.serviceAccountDir === undefined ? {} : { serviceAccountDir: deps.serviceAccountDir }),
  });
  const transport: HttpTransport = await createHttpTransport(loaded.kubeConfig, { server: loaded.cluster.server, source: loaded.source });
  const log = deps.log;
  const ctx: RequestContext = {
    transport,
    policy: deps.retryPolicy ?? DEFAULT_RETRY_POLICY,
    sleep: deps.sleep ?? defaultSleep,
    random: deps.random ?? Math.random,
    nowMs: Date.now,
    log,
    onRequest: deps.onRequest,
  };
  const timeoutMs = deps.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE;
  const clusterName = conn.cluster === '' ? loaded.cluster.name : conn.cluster;
  log.debug({ source: loaded.source, context: loaded.contextName, server: transport.server, clusterName }, 'kubernetes connection');
  if (transport.server.startsWith('http:')) log.warn({ server: transport.server }, 'the API server URL is plain http: credentials travel unencrypted');
  return {
    clusterName,
    server: transport.server,
    source: loaded.source,
    requestContext: ctx,
    requestTimeoutMs: timeoutMs,
    async getVersion(signal, requestTimeoutMs = timeoutMs) {
      return toServerVersion(await fetchJson(ctx, { path: '/version', signal, timeoutMs: requestTimeoutMs }));
    },
    getJson(path, signal, requestTimeoutMs = timeoutMs) {
      return fetchJson(ctx, { path, signal, timeoutMs: requestTimeoutMs });
    },
    listPages(path, opts, onItem) {
      const requestTimeoutMs = opts.timeoutMs ?? timeoutMs;
      const fetchPage = (p: string, s: AbortSignal): Promise<unknown> => fetchJson(ctx, { path: p, signal: s, timeoutMs: requestTimeoutMs });
      return listAllPages(fetchPage, { path, opts: { ...opts, limit: opts.limit ?? batchSize }, log }, onItem);
    },
    close() {
      return transport.close();
    },
  };
}
