/**
 * One cycle's collection: server version, namespaces, then pods and nodes, reduced to views as
 * each page arrives. Pods are listed per selected namespace through a pool of `worker-pool-size`
 * (measured faster than one cluster-wide paginated list, whose pages must be fetched one after
 * the other: see docs/fragments/kube.md); the cluster-wide list is the fallback when listing one
 * namespace is forbidden but listing all is allowed. Any namespace that still fails after retries
 * fails the whole collection: a partial inventory is never reported as complete.
 */
import pLimit from 'p-limit';
import { KubeError } from '../errors.ts';
import type { ClusterSnapshot, NamespaceView, NodeView, PodView } from '../inventory/model.ts';
import type { MetadataOptions } from '../inventory/options.ts';
import type { Logger } from '../log/logger.ts';
import type { KubeClient } from './client.ts';
import { compileMetadataFilter, type CompiledMetadataFilter } from './metadata-filter.ts';
import { listNamespaces } from './namespaces.ts';
import type { KubeRequestOptions } from './options.ts';
import { createInterner, toNodeView, toPodView, type Intern } from './views.ts';

/** How pods are listed: per selected namespace (default), or one cluster-wide paginated list. */
export const POD_LIST_STRATEGIES = ['per-namespace', 'cluster-wide'] as const;
export type PodListStrategy = (typeof POD_LIST_STRATEGIES)[number];

export interface CollectOptions {
  readonly request: KubeRequestOptions;
  readonly isNamespaceSelected: (name: string) => boolean;
  /** `namespace-selectors.include`: used to work without permission to list namespaces. */
  readonly includeNames: readonly string[];
  readonly ignoreEmpty: boolean;
  readonly metadata: MetadataOptions;
  readonly labelSelector?: string | undefined;
  readonly namespaceLabelSelector?: string | undefined;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** Defaults to per-namespace; cluster-wide exists for measurement and as the fallback. */
  readonly strategy?: PodListStrategy;
}

export interface CollectStats {
  /** HTTP requests that succeeded or were given up on (retries of one page count once). */
  readonly requests: number;
}

export type CollectedSnapshot = ClusterSnapshot & { readonly stats: CollectStats };

interface PodJob {
  readonly client: KubeClient;
  readonly opts: CollectOptions;
  readonly filter: CompiledMetadataFilter;
  readonly intern: Intern;
  readonly signal: AbortSignal;
}

function pageOptions(job: PodJob, onRestart: () => void): Parameters<KubeClient['listPages']>[1] {
  return {
    signal: job.signal,
    limit: job.opts.request.batchSize,
    timeoutMs: job.opts.request.requestTimeoutMs,
    ...(job.opts.labelSelector === undefined ? {} : { labelSelector: job.opts.labelSelector }),
    onRestart,
  };
}

async function listNamespacePods(job: PodJob, namespace: string): Promise<{ pods: PodView[]; requests: number }> {
  let pods: PodView[] = [];
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  const started = performance.now();
  const result = await job.client.listPages(path, pageOptions(job, () => (pods = [])), (item) => {
    pods.push(toPodView(item, job.filter, job.intern));
  });
  job.opts.log.debug({ namespace, pods: pods.length, requests: result.requests, ms: Math.round(performance.now() - started) }, 'listed pods');
  return { pods, requests: result.requests };
}

/** Runs `fn` over `items` with at most `size` at once; the first failure aborts the rest. */
async function runPool<T, R>(items: readonly T[], args: { size: number; signal: AbortSignal; fn: (item: T, signal: AbortSignal) => Promise<R> }): Promise<R[]> {
  const controller = new AbortController();
  const signal = AbortSignal.any([args.signal, controller.signal]);
  const limit = pLimit(Math.max(1, args.size));
  try {
    return await Promise.all(
      items.map((item) =>
        limit(async () => {
          signal.throwIfAborted();
          return args.fn(item, signal);
        }),
      ),
    );
  } catch (error) {
    controller.abort(error);
    throw error;
  } finally {
    limit.clearQueue();
  }
}

async function listPodsPerNamespace(job: PodJob, namespaces: readonly string[]): Promise<{ pods: Map<string, PodView[]>; requests: number }> {
  const results = await runPool(namespaces, {
    size: job.opts.request.workerPoolSize,
    signal: job.signal,
    fn: (ns, signal) => listNamespacePods({ ...job, signal }, ns),
  });
  const pods = new Map<string, PodView[]>();
  let requests = 0;
  results.forEach((result, i) => {
    pods.set(namespaces[i] ?? '', result.pods);
    requests += result.requests;
  });
  return { pods, requests };
}

async function listPodsClusterWide(job: PodJob, namespaces: readonly string[]): Promise<{ pods: Map<string, PodView[]>; requests: number }> {
  const reset = (): Map<string, PodView[]> => new Map(namespaces.map((ns) => [ns, []]));
  let pods = reset();
  const result = await job.client.listPages('/api/v1/pods', pageOptions(job, () => (pods = reset())), (item) => {
    const view = toPodView(item, job.filter, job.intern);
    pods.get(view.namespace)?.push(view);
  });
  return { pods, requests: result.requests };
}

async function listPods(job: PodJob, namespaces: readonly string[]): Promise<{ pods: Map<string, PodView[]>; requests: number }> {
  if (job.opts.strategy === 'cluster-wide') return listPodsClusterWide(job, namespaces);
  try {
    return await listPodsPerNamespace(job, namespaces);
  } catch (error) {
    if (!(error instanceof KubeError) || error.status !== 403 || job.signal.aborted) throw error;
    // A role that may list pods cluster-wide but not per namespace is odd but cheap to honour.
    job.opts.log.debug({ reason: error.message }, 'listing pods per namespace is forbidden: trying one cluster-wide list');
    try {
      return await listPodsClusterWide(job, namespaces);
    } catch {
      throw error;
    }
  }
}

async function listNodes(client: KubeClient, opts: CollectOptions): Promise<{ nodes: NodeView[]; requests: number }> {
  const filter = compileMetadataFilter(opts.metadata.nodes);
  const nodes: NodeView[] = [];
  try {
    const result = await client.listPages(
      '/api/v1/nodes',
      { signal: opts.signal, limit: opts.request.batchSize, timeoutMs: opts.request.requestTimeoutMs, onRestart: () => (nodes.length = 0) },
      (item) => nodes.push(toNodeView(item, filter)),
    );
    return { nodes, requests: result.requests };
  } catch (error) {
    if (!(error instanceof KubeError) || error.status !== 403) throw error;
    opts.log.warn({ reason: error.message, hint: error.hint }, 'cannot list nodes: the report goes on without nodes');
    return { nodes: [], requests: 1 };
  }
}

function keepNamespaces(namespaces: readonly NamespaceView[], pods: Map<string, PodView[]>, ignoreEmpty: boolean): NamespaceView[] {
  return ignoreEmpty ? namespaces.filter((ns) => (pods.get(ns.name)?.length ?? 0) > 0) : [...namespaces];
}

/** Collects one snapshot of the cluster; throws KubeError when any selected namespace cannot be listed. */
export async function collectSnapshot(client: KubeClient, opts: CollectOptions): Promise<CollectedSnapshot> {
  const started = performance.now();
  const [serverVersion, namespaceResult] = await Promise.all([
    client.getVersion(opts.signal, opts.request.requestTimeoutMs),
    listNamespaces(client, opts),
  ]);
  const selected = namespaceResult.namespaces;
  const job: PodJob = { client, opts, filter: compileMetadataFilter(opts.metadata.pods), intern: createInterner(), signal: opts.signal };
  const [podResult, nodeResult] = await Promise.all([listPods(job, selected.map((ns) => ns.name)), listNodes(client, opts)]);
  const namespaces = keepNamespaces(selected, podResult.pods, opts.ignoreEmpty);
  const pods = namespaces.flatMap((ns) => podResult.pods.get(ns.name) ?? []);
  const requests = 1 + namespaceResult.requests + podResult.requests + nodeResult.requests;
  opts.log.debug(
    { namespaces: namespaces.length, pods: pods.length, nodes: nodeResult.nodes.length, requests, ms: Math.round(performance.now() - started) },
    'collected cluster snapshot',
  );
  return { clusterName: client.clusterName, serverVersion, namespaces, nodes: nodeResult.nodes, pods, stats: { requests } };
}
