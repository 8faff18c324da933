/**
 * Both strategies at once, for clusters with more namespaces than the pool holds: one cluster-wide
 * list walks the namespaces from the first, while the per-namespace pool takes them from the last
 * (in the namespace list's order). They meet where their speeds say: without latency the
 * cluster-wide list (100 pods a request, no per-namespace overhead) does much of the work; with a
 * slow API server the pool hides the round trips, which one paginated list pays page after page.
 *
 * This relies on one thing: a cluster-wide list returns each namespace's pods together, as the API
 * server does (it lists in key order, `<namespace>/<name>`, which its continue tokens need). A
 * namespace seen again after others makes kai drop what the cluster-wide list gathered and list
 * every namespace on its own.
 */
import { KubeError } from '../errors.ts';
import { listNamespacePods, namespaceOf, pageOptions, type PodJob } from './pod-lists.ts';
import { runNamespacePool } from './pod-pool.ts';
import type { SinkTable } from './pod-sinks.ts';
import { toPodView } from './views.ts';

interface Walk {
  /** Namespaces the pool has taken: the cluster-wide list skips their pods. */
  readonly claimed: Set<string>;
  /** Namespaces the cluster-wide list has passed completely. */
  readonly completed: Set<string>;
  /** The namespace the cluster-wide list is in (not complete until it moves on). */
  current: string | undefined;
  /** The list went on to its end: every namespace not claimed is complete. */
  hasEnded: boolean;
  isStopped: boolean;
  /** Selected namespaces, once the namespace list is complete. */
  selected: ReadonlySet<string> | undefined;
  /** Selected namespaces claimed or completed (kept as a count: 10,000 namespaces are checked often). */
  covered: number;
}

export interface HybridList {
  /** One more selected namespace from the namespace list. */
  add(name: string): void;
  /** Runs the pool once the selected namespaces are known (server order); resolves to the requests made. */
  finish(namespaces: readonly string[]): Promise<number>;
  /** Stops the cluster-wide list (the collection failed before finish). */
  abort(reason: unknown): void;
}

/** Selected namespaces that neither side has finished or taken. */
function remaining(walk: Walk): number {
  return walk.selected === undefined ? Number.POSITIVE_INFINITY : walk.selected.size - walk.covered;
}

function complete(walk: Walk, namespace: string): void {
  if (walk.claimed.has(namespace) || walk.completed.has(namespace)) return;
  walk.completed.add(namespace);
  if (walk.selected?.has(namespace) === true) walk.covered += 1;
}

function claim(walk: Walk, namespace: string): void {
  walk.claimed.add(namespace);
  walk.covered += 1;
}

function isTaken(walk: Walk, namespace: string): boolean {
  return walk.claimed.has(namespace) || walk.completed.has(namespace);
}

/** Moves the cluster-wide list on to `namespace`; false when it must stop. */
function enterNamespace(job: PodJob, args: { walk: Walk; table: SinkTable<unknown>; namespace: string }): boolean {
  const { walk, table, namespace } = args;
  if (walk.current !== undefined) complete(walk, walk.current);
  if (walk.completed.has(namespace)) {
    job.log.warn({ namespace }, "the cluster-wide pod list does not keep each namespace's pods together: listing every namespace on its own");
    walk.completed.clear();
    walk.covered = walk.claimed.size;
    return false;
  }
  walk.current = namespace;
  if (!walk.claimed.has(namespace) && job.isNamespaceSelected(namespace)) table.open(namespace);
  // Nothing left that the pool has not taken: the rest of the list would be wasted.
  return remaining(walk) > 0;
}

function routePod(job: PodJob, args: { walk: Walk; table: SinkTable<unknown>; item: unknown }): void {
  const { walk, table, item } = args;
  if (walk.isStopped) return;
  const namespace = namespaceOf(item);
  if (namespace !== walk.current && !enterNamespace(job, { walk, table, namespace })) {
    walk.isStopped = true;
    return;
  }
  if (!walk.claimed.has(namespace) && job.isNamespaceSelected(namespace)) table.add(toPodView(item, job.filter, job.intern));
}

async function walkClusterWide(job: PodJob, walk: Walk, table: SinkTable<unknown>): Promise<number> {
  // A 410 would restart the list from the first namespace: the pool takes the rest instead.
  const onRestart = (): void => {
    walk.isStopped = true;
  };
  try {
    const result = await job.client.listPages('/api/v1/pods', pageOptions(job, { onRestart, shouldStop: () => walk.isStopped }), (item) => {
      routePod(job, { walk, table, item });
    });
    walk.hasEnded = !walk.isStopped;
    return result.requests;
  } catch (error) {
    // Forbidden cluster-wide (a namespace-restricted account): the pool lists every namespace.
    if (!(error instanceof KubeError) || error.status !== 403) throw error;
    job.log.debug({ reason: error.message }, 'cannot list pods cluster-wide: listing per namespace');
    walk.isStopped = true;
    return 1;
  }
}

function isClaimable(walk: Walk, name: string): boolean {
  if (isTaken(walk, name)) return false;
  if (name !== walk.current || walk.isStopped) return true;
  if (remaining(walk) > 1) return false;
  // Only the cluster-wide list's own namespace is left: stop the list, the pool re-lists it.
  walk.isStopped = true;
  return true;
}

/** The pool's next namespace: from the end of `order`, leaving the cluster-wide list's current one to it. */
function createClaim(walk: Walk, order: readonly string[]): () => string | undefined {
  let hi = order.length - 1;
  return () => {
    if (walk.hasEnded) return undefined;
    while (hi >= 0 && isTaken(walk, order[hi] ?? '')) hi -= 1;
    for (let i = hi; i >= 0; i -= 1) {
      const name = order[i] ?? '';
      if (isClaimable(walk, name)) {
        claim(walk, name);
        return name;
      }
    }
    return undefined;
  };
}

/**
 * While the namespace list is still coming, the pool takes the newest namespaces first (the far end
 * from the cluster-wide list), and waits when it has taken all it knows.
 */
function createDiscovery(walk: Walk): { add(name: string): void; close(): void; claim(): Promise<string | undefined> } {
  const stack: string[] = [];
  let isClosed = false;
  const wake: Array<() => void> = [];
  const notify = (): void => {
    for (const resolve of wake.splice(0)) resolve();
  };
  return {
    add(name) {
      stack.push(name);
      notify();
    },
    close() {
      isClosed = true;
      notify();
    },
    async claim() {
      for (;;) {
        if (walk.hasEnded || walk.isStopped) return undefined;
        const name = stack.pop();
        if (name !== undefined && isClaimable(walk, name)) {
          claim(walk, name);
          return name;
        }
        if (name !== undefined) continue;
        if (isClosed) return undefined;
        await new Promise<void>((resolve) => wake.push(resolve));
      }
    },
  };
}

/**
 * Starts the cluster-wide list and the pool now, with the namespaces selected so far; `add` gives
 * the pool each further namespace as the namespace list goes on.
 */
export function startHybridList(parent: PodJob, args: { table: SinkTable<unknown>; known: Iterable<string> }): HybridList {
  const { table } = args;
  const controller = new AbortController();
  const job: PodJob = { ...parent, signal: AbortSignal.any([parent.signal, controller.signal]) };
  const walk: Walk = { claimed: new Set(), completed: new Set(), current: undefined, hasEnded: false, isStopped: false, selected: undefined, covered: 0 };
  const clusterWide = walkClusterWide(job, walk, table);
  const discovery = createDiscovery(walk);
  for (const name of args.known) discovery.add(name);
  let requests = 0;
  const pool = (claimNext: () => string | undefined | Promise<string | undefined>): Promise<void> =>
    runNamespacePool({
      size: job.request.workerPoolSize,
      pageSize: job.request.batchSize,
      signal: job.signal,
      claim: claimNext,
      list: async (namespace, signal) => {
        const result = await listNamespacePods({ ...job, signal }, { namespace, table });
        requests += result.requests;
        return result;
      },
    });
  const first = Promise.all([clusterWide, pool(() => discovery.claim())]);
  // Failures surface in finish(); until then the rejection must not count as unhandled.
  first.catch(() => undefined);
  return {
    add: (name) => {
      discovery.add(name);
    },
    async finish(namespaces) {
      walk.selected = new Set(namespaces);
      walk.covered = namespaces.filter((name) => isTaken(walk, name)).length;
      discovery.close();
      try {
        const [clusterWideRequests] = await first;
        // The cluster-wide list broke off: what it had not finished goes to the pool.
        await pool(createClaim(walk, namespaces));
        return requests + clusterWideRequests;
      } catch (error) {
        controller.abort(error);
        throw error;
      }
    },
    abort(reason) {
      controller.abort(reason);
      discovery.close();
    },
  };
}
