/**
 * One cycle's collection: server version, namespaces, then pods and nodes, reduced as each page
 * arrives. How pods are listed (measured, see docs/engineering-notes/fast-path.md):
 * - when every selected namespace fits in one round of the pool (`worker-pool-size`), or the
 *   selection names its namespaces (`include`), one list per namespace, through the pool;
 * - otherwise one cluster-wide list from the first namespace and the pool from the last, meeting
 *   in between (hybrid-list.ts): the cluster-wide list costs the fewest requests, the pool hides
 *   latency; a namespace-restricted account (403 cluster-wide) gets per-namespace lists only.
 * When per-namespace lists are forbidden but the cluster-wide one is allowed, the cluster-wide
 * list alone. Any namespace that still fails after retries fails the whole collection: a partial
 * inventory is never reported as complete.
 */
import { KubeError } from '../errors.ts';
import type { ClusterSnapshot, NamespaceView, NodeView, ServerVersion } from '../inventory/model.ts';
import type { MetadataOptions } from '../inventory/options.ts';
import type { Logger } from '../log/logger.ts';
import type { KubeClient } from './client.ts';
import { startHybridList, type HybridList } from './hybrid-list.ts';
import { compileMetadataFilter } from './metadata-filter.ts';
import { listNamespaces } from './namespaces.ts';
import type { KubeRequestOptions } from './options.ts';
import { listClusterWide, listPerNamespace, type PodJob } from './pod-lists.ts';
import { createSinkTable, keepAllPods, type PodReducer, type SinkTable } from './pod-sinks.ts';
import { createInterner, toNodeView } from './views.ts';

export type { PodReducer, PodSink } from './pod-sinks.ts';

/**
 * How pods are listed: 'auto' (default) as described above; 'per-namespace' and 'cluster-wide'
 * force one way (for measurement and tests).
 */
export const POD_LIST_STRATEGIES = ['auto', 'per-namespace', 'cluster-wide'] as const;
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
  readonly strategy?: PodListStrategy;
}

export interface CollectStats {
  /** HTTP requests that succeeded or were given up on (retries of one page count once). */
  readonly requests: number;
}

export type CollectedSnapshot = ClusterSnapshot & { readonly stats: CollectStats };

/** One selected namespace and what its sink made of its pods. */
export interface CollectedNamespace<R> {
  readonly namespace: NamespaceView;
  readonly result: R;
  readonly pods: number;
}

export interface CollectedCluster<R> {
  readonly clusterName: string;
  readonly serverVersion: ServerVersion;
  /** In namespace name order; without the empty ones when ignoreEmpty. */
  readonly namespaces: readonly CollectedNamespace<R>[];
  readonly nodes: readonly NodeView[];
  readonly stats: CollectStats;
}

function toPodJob(client: KubeClient, opts: CollectOptions): PodJob {
  return {
    client,
    request: opts.request,
    labelSelector: opts.labelSelector,
    isNamespaceSelected: opts.isNamespaceSelected,
    filter: compileMetadataFilter(opts.metadata.pods),
    intern: createInterner(),
    log: opts.log,
    signal: opts.signal,
  };
}

interface PodLists<R> {
  readonly table: SinkTable<R>;
  readonly requests: number;
}

async function listPodsOnce<R>(job: PodJob, args: { names: readonly string[]; table: SinkTable<R>; hybrid: HybridList | undefined; strategy: PodListStrategy }): Promise<number> {
  const { names, table, hybrid } = args;
  if (hybrid !== undefined) return hybrid.finish(names);
  if (args.strategy === 'cluster-wide') return listClusterWide(job, table);
  return listPerNamespace(job, { namespaces: names, table });
}

interface PodListArgs<R> {
  readonly names: readonly string[];
  readonly reducer: PodReducer<R>;
  /** Shared with `hybrid` when it runs. */
  readonly table: SinkTable<R>;
  readonly hybrid: HybridList | undefined;
  readonly strategy: PodListStrategy;
}

async function listPods<R>(job: PodJob, args: PodListArgs<R>): Promise<PodLists<R>> {
  try {
    return { table: args.table, requests: await listPodsOnce(job, args) };
  } catch (error) {
    if (args.strategy === 'cluster-wide' || !(error instanceof KubeError) || error.status !== 403 || job.signal.aborted) throw error;
    // A role that may list pods cluster-wide but not per namespace is odd but cheap to honour.
    job.log.debug({ reason: error.message }, 'listing pods per namespace is forbidden: trying one cluster-wide list');
    const fresh = createSinkTable(args.reducer);
    try {
      return { table: fresh, requests: await listClusterWide(job, fresh) };
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

/**
 * Collects one cluster, handing every pod to its namespace's sink from `reducer`; throws KubeError
 * when any selected namespace cannot be listed.
 */
export async function collectCluster<R>(client: KubeClient, opts: CollectOptions, reducer: PodReducer<R>): Promise<CollectedCluster<R>> {
  const started = performance.now();
  const job = toPodJob(client, opts);
  const strategy = opts.strategy ?? 'auto';
  const table = createSinkTable(reducer);
  let hybrid: HybridList | undefined;
  // The server's order, which the cluster-wide list follows too (the namespace list is sorted by name).
  const serverOrder = new Set<string>();
  // Many namespaces: the cluster-wide list need not wait for the namespace list.
  const onSelected = (name: string): void => {
    if (serverOrder.has(name)) return;
    serverOrder.add(name);
    if (hybrid !== undefined) hybrid.add(name);
    else if (strategy === 'auto' && opts.includeNames.length === 0 && serverOrder.size > opts.request.workerPoolSize) hybrid = startHybridList(job, { table, known: serverOrder });
  };
  const [serverVersion, namespaceResult] = await Promise.all([
    client.getVersion(opts.signal, opts.request.requestTimeoutMs),
    listNamespaces(client, opts, onSelected),
  ]).catch((error: unknown) => {
    hybrid?.abort(error);
    throw error;
  });
  const selected = new Set(namespaceResult.namespaces.map((ns) => ns.name));
  const names = namespaceResult.isFallback ? [...selected] : [...serverOrder].filter((name) => selected.has(name));
  const [podLists, nodeResult] = await Promise.all([listPods(job, { names, reducer, table, hybrid, strategy }), listNodes(client, opts)]);
  const namespaces = namespaceResult.namespaces
    .map((namespace) => ({ namespace, ...podLists.table.finish(namespace.name) }))
    .filter((ns) => !opts.ignoreEmpty || ns.pods > 0);
  const requests = 1 + namespaceResult.requests + podLists.requests + nodeResult.requests;
  opts.log.debug(
    { namespaces: namespaces.length, pods: namespaces.reduce((n, ns) => n + ns.pods, 0), nodes: nodeResult.nodes.length, requests, ms: Math.round(performance.now() - started) },
    'collected cluster snapshot',
  );
  return { clusterName: client.clusterName, serverVersion, namespaces, nodes: nodeResult.nodes, stats: { requests } };
}

/** Collects one snapshot of the cluster (every pod view); throws KubeError when any selected namespace cannot be listed. */
export async function collectSnapshot(client: KubeClient, opts: CollectOptions): Promise<CollectedSnapshot> {
  const collected = await collectCluster(client, opts, keepAllPods);
  return {
    clusterName: collected.clusterName,
    serverVersion: collected.serverVersion,
    namespaces: collected.namespaces.map((ns) => ns.namespace),
    nodes: collected.nodes,
    pods: collected.namespaces.flatMap((ns) => ns.result),
    stats: collected.stats,
  };
}
