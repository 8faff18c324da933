/**
 * The two ways to list pods, each feeding the namespaces' sinks: one paginated list per namespace
 * (through the pool), or one cluster-wide paginated list whose pods are routed to their
 * namespace's sink. hybrid-list.ts runs both at once.
 */
import type { Logger } from '../log/logger.ts';
import type { KubeClient } from './client.ts';
import type { CompiledMetadataFilter } from './metadata-filter.ts';
import type { KubeRequestOptions } from './options.ts';
import type { SinkTable } from './pod-sinks.ts';
import { runNamespacePool } from './pod-pool.ts';
import { toPodView, type Intern } from './views.ts';

export interface PodJob {
  readonly client: KubeClient;
  readonly request: KubeRequestOptions;
  readonly labelSelector: string | undefined;
  readonly isNamespaceSelected: (name: string) => boolean;
  readonly filter: CompiledMetadataFilter;
  readonly intern: Intern;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

export function pageOptions(job: PodJob, hooks: { onRestart: () => void; shouldStop?: () => boolean }): Parameters<KubeClient['listPages']>[1] {
  return {
    signal: job.signal,
    limit: job.request.batchSize,
    timeoutMs: job.request.requestTimeoutMs,
    ...(job.labelSelector === undefined ? {} : { labelSelector: job.labelSelector }),
    ...hooks,
  };
}

/** Lists one namespace into a fresh sink; resolves to its pod count and the requests made. */
export async function listNamespacePods(job: PodJob, args: { namespace: string; table: SinkTable<unknown> }): Promise<{ pods: number; requests: number }> {
  const { namespace, table } = args;
  let pods = 0;
  const open = (): void => {
    table.open(namespace);
    pods = 0;
  };
  open();
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  const started = performance.now();
  const result = await job.client.listPages(path, pageOptions(job, { onRestart: open }), (item) => {
    table.add(toPodView(item, job.filter, job.intern));
    pods += 1;
  });
  job.log.debug({ namespace, pods, requests: result.requests, ms: Math.round(performance.now() - started) }, 'listed pods');
  return { pods, requests: result.requests };
}

/** Every namespace of `namespaces` with its own list, at most worker-pool-size at once. */
export async function listPerNamespace(job: PodJob, args: { namespaces: readonly string[]; table: SinkTable<unknown> }): Promise<number> {
  let next = 0;
  let requests = 0;
  await runNamespacePool({
    size: job.request.workerPoolSize,
    pageSize: job.request.batchSize,
    signal: job.signal,
    claim: () => args.namespaces[next++],
    list: async (namespace, signal) => {
      const result = await listNamespacePods({ ...job, signal }, { namespace, table: args.table });
      requests += result.requests;
      return result;
    },
  });
  return requests;
}

/** The namespace of a raw pod, read before any view is built (pods of unselected namespaces are skipped). */
export function namespaceOf(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null || !('metadata' in raw)) return '';
  const meta: unknown = raw.metadata;
  if (typeof meta !== 'object' || meta === null || !('namespace' in meta)) return '';
  return typeof meta.namespace === 'string' ? meta.namespace : '';
}

/** One cluster-wide list; pods of namespaces not selected by name are skipped. */
export async function listClusterWide(job: PodJob, table: SinkTable<unknown>): Promise<number> {
  const opened = new Set<string>();
  const add = (item: unknown): void => {
    const namespace = namespaceOf(item);
    if (!job.isNamespaceSelected(namespace)) return;
    if (!opened.has(namespace)) {
      opened.add(namespace);
      table.open(namespace);
    }
    table.add(toPodView(item, job.filter, job.intern));
  };
  const result = await job.client.listPages('/api/v1/pods', pageOptions(job, { onRestart: () => {
    opened.clear();
  } }), add);
  return result.requests;
}
