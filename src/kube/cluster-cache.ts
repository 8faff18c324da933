/**
 * Periodic mode at scale: watch caches for namespaces, pods and nodes, so a steady-state cycle
 * costs one request (`GET /version`) instead of a full re-list. Each cycle's snapshot has the
 * same content and order as collectSnapshot() would return at that moment.
 *
 * An account that may not list or watch namespaces or pods cluster-wide (a namespace-restricted
 * service account) cannot keep such caches: the cache then says so once and every cycle falls
 * back to collectSnapshot(), which handles those accounts. A 403 on nodes only drops the nodes.
 */
import { KubeError } from '../errors.ts';
import type { NamespaceView, NodeView, PodView } from '../inventory/model.ts';
import type { KubeClient } from './client.ts';
import { collectSnapshot, type CollectedSnapshot, type CollectOptions } from './collect.ts';
import { compileMetadataFilter } from './metadata-filter.ts';
import type { Sleep } from './retry.ts';
import { toNamespaceView, toNodeView, toPodView } from './views.ts';
import { createWatchCache, type WatchCache } from './watch-cache.ts';

export interface ClusterCacheOptions extends Omit<CollectOptions, 'signal' | 'strategy'> {
  readonly watchTimeoutSeconds?: number;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

export interface ClusterCache {
  /** Fills the caches (one paginated list each) and starts watching; falls back to polling on 403. */
  start(signal: AbortSignal): Promise<void>;
  /** One cycle's snapshot; `stats.requests` counts the requests made since the previous one. */
  snapshot(signal: AbortSignal): Promise<CollectedSnapshot>;
  /** False when the account's permissions forced a full collection every cycle. */
  readonly isWatching: boolean;
  stop(): Promise<void>;
}

interface Caches {
  readonly namespaces: WatchCache<NamespaceView>;
  readonly pods: WatchCache<PodView>;
  nodes: WatchCache<NodeView> | undefined;
}

function buildCaches(client: KubeClient, opts: ClusterCacheOptions): Caches {
  const common = {
    client,
    batchSize: opts.request.batchSize,
    requestTimeoutMs: opts.request.requestTimeoutMs,
    log: opts.log,
    ...(opts.watchTimeoutSeconds === undefined ? {} : { watchTimeoutSeconds: opts.watchTimeoutSeconds }),
    ...(opts.sleep === undefined ? {} : { sleep: opts.sleep }),
    ...(opts.random === undefined ? {} : { random: opts.random }),
  };
  const nsFilter = compileMetadataFilter(opts.metadata.namespaces);
  const podFilter = compileMetadataFilter(opts.metadata.pods);
  const nodeFilter = compileMetadataFilter(opts.metadata.nodes);
  return {
    namespaces: createWatchCache<NamespaceView>({
      ...common,
      path: '/api/v1/namespaces',
      labelSelector: opts.namespaceLabelSelector,
      toView: (raw) => toNamespaceView(raw, nsFilter),
      keyOf: (ns) => ns.name,
      shouldKeep: (ns) => opts.isNamespaceSelected(ns.name),
    }),
    pods: createWatchCache<PodView>({
      ...common,
      path: '/api/v1/pods',
      labelSelector: opts.labelSelector,
      toView: (raw, intern) => toPodView(raw, podFilter, intern),
      keyOf: (pod) => `${pod.namespace}/${pod.name}`,
      shouldKeep: (pod) => opts.isNamespaceSelected(pod.namespace),
    }),
    nodes: createWatchCache<NodeView>({ ...common, path: '/api/v1/nodes', toView: (raw) => toNodeView(raw, nodeFilter), keyOf: (node) => node.name }),
  };
}

function isForbidden(error: unknown): error is KubeError {
  return error instanceof KubeError && error.status === 403;
}

function cacheRequests(caches: Caches): number {
  return caches.namespaces.stats.requests + caches.pods.stats.requests + (caches.nodes?.stats.requests ?? 0);
}

async function startNodes(caches: Caches, opts: ClusterCacheOptions, signal: AbortSignal): Promise<void> {
  try {
    await caches.nodes?.start(signal);
  } catch (error) {
    if (!isForbidden(error)) throw error;
    opts.log.warn({ reason: error.message, hint: error.hint }, 'cannot list nodes: the reports go on without nodes');
    caches.nodes = undefined;
  }
}

function assemble(caches: Caches, opts: ClusterCacheOptions): Pick<CollectedSnapshot, 'namespaces' | 'pods' | 'nodes'> {
  const byNamespace = new Map<string, PodView[]>();
  for (const ns of caches.namespaces.snapshot()) byNamespace.set(ns.name, []);
  for (const pod of caches.pods.snapshot()) byNamespace.get(pod.namespace)?.push(pod);
  const namespaces = caches.namespaces.snapshot().filter((ns) => !opts.ignoreEmpty || (byNamespace.get(ns.name)?.length ?? 0) > 0);
  const pods = namespaces.flatMap((ns) => byNamespace.get(ns.name) ?? []);
  return { namespaces, pods, nodes: caches.nodes?.snapshot() ?? [] };
}

export function createClusterCache(client: KubeClient, opts: ClusterCacheOptions): ClusterCache {
  let caches: Caches | undefined;
  let isWatching = false;
  let reportedRequests = 0;
  let versionRequests = 0;
  const stopAll = async (): Promise<void> => {
    await Promise.all([caches?.namespaces.stop(), caches?.pods.stop(), caches?.nodes?.stop()]);
  };
  return {
    async start(signal) {
      const built = buildCaches(client, opts);
      caches = built;
      // allSettled: let every list finish (or fail) before deciding, so none is left running.
      const results = await Promise.allSettled([built.namespaces.start(signal), built.pods.start(signal), startNodes(built, opts, signal)]);
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure === undefined) {
        isWatching = true;
        return;
      }
      await stopAll();
      caches = undefined;
      const error: unknown = failure.reason;
      if (!isForbidden(error)) throw error;
      opts.log.info({ reason: error.message }, 'cannot watch the whole cluster: every cycle lists what the account may read');
    },
    async snapshot(signal) {
      if (caches === undefined || !isWatching) return collectSnapshot(client, { ...opts, signal });
      versionRequests += 1;
      const serverVersion = await client.getVersion(signal, opts.request.requestTimeoutMs);
      const parts = assemble(caches, opts);
      const total = cacheRequests(caches) + versionRequests;
      const requests = total - reportedRequests;
      reportedRequests = total;
      return { clusterName: client.clusterName, serverVersion, ...parts, stats: { requests } };
    },
    get isWatching() {
      return isWatching;
    },
    async stop() {
      await stopAll();
    },
  };
}
