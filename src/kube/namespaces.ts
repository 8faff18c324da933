/**
 * The selected namespaces. Normally one paginated list, filtered by the selectors. A service
 * account that may not list namespaces (a Role per namespace instead of a ClusterRole) still works
 * when `namespace-selectors.include` names its namespaces: kai then GETs each included namespace,
 * and when even that is forbidden (namespaces are cluster-scoped, so a Role cannot grant it) it
 * goes on with the name alone, without uid or labels, and says so at warn level.
 */
import { KubeError } from '../errors.ts';
import type { NamespaceView } from '../inventory/model.ts';
import type { KubeClient } from './client.ts';
import type { CollectOptions } from './collect.ts';
import { compileMetadataFilter, type CompiledMetadataFilter } from './metadata-filter.ts';
import { toNamespaceView } from './views.ts';

export interface NamespaceResult {
  readonly namespaces: NamespaceView[];
  readonly requests: number;
  /** True when the namespaces came from GETs of `include` instead of a list. */
  readonly isFallback: boolean;
}

/** Equality-based label selectors (`a=b,c!=d,e`), for filtering namespaces fetched one by one. */
export function matchesEqualitySelector(labels: Readonly<Record<string, string>>, selector: string): boolean {
  return selector
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term !== '')
    .every((term) => {
      const [key = '', value] = term.split(/!?==?/, 2);
      if (value === undefined) return term.startsWith('!') ? !(term.slice(1) in labels) : key in labels;
      return term.includes('!=') ? labels[key.trim()] !== value.trim() : labels[key.trim()] === value.trim();
    });
}

async function getIncluded(client: KubeClient, name: string, args: { opts: CollectOptions; filter: CompiledMetadataFilter }): Promise<NamespaceView | undefined> {
  const { opts, filter } = args;
  try {
    return toNamespaceView(await client.getJson(`/api/v1/namespaces/${encodeURIComponent(name)}`, opts.signal, opts.request.requestTimeoutMs), filter);
  } catch (error) {
    if (!(error instanceof KubeError)) throw error;
    if (error.status === 404) {
      opts.log.warn({ namespace: name }, 'included namespace does not exist: skipped');
      return undefined;
    }
    if (error.status !== 403) throw error;
    opts.log.warn({ namespace: name }, 'cannot read included namespace: going on with its name only (no uid, labels or annotations)');
    return { uid: '', name, labels: {}, annotations: {} };
  }
}

async function fetchIncluded(client: KubeClient, opts: CollectOptions, listError: KubeError): Promise<NamespaceResult> {
  opts.log.warn(
    { reason: listError.message, include: opts.includeNames },
    'cannot list namespaces: reading the namespaces of namespace-selectors.include one by one',
  );
  const filter = compileMetadataFilter(opts.metadata.namespaces);
  const names = [...new Set(opts.includeNames)].filter((name) => opts.isNamespaceSelected(name)).sort();
  const found = await Promise.all(names.map((name) => getIncluded(client, name, { opts, filter })));
  const selector = opts.namespaceLabelSelector ?? '';
  const namespaces = found.filter((ns): ns is NamespaceView => ns !== undefined && (ns.uid === '' || matchesEqualitySelector(ns.labels, selector)));
  return { namespaces, requests: names.length + 1, isFallback: true };
}

/** `onSelected` is told each selected namespace as the list's pages arrive, in the server's order. */
export async function listNamespaces(client: KubeClient, opts: CollectOptions, onSelected?: (name: string) => void): Promise<NamespaceResult> {
  const filter = compileMetadataFilter(opts.metadata.namespaces);
  const namespaces: NamespaceView[] = [];
  try {
    const result = await client.listPages(
      '/api/v1/namespaces',
      {
        signal: opts.signal,
        limit: opts.request.batchSize,
        timeoutMs: opts.request.requestTimeoutMs,
        ...(opts.namespaceLabelSelector === undefined ? {} : { labelSelector: opts.namespaceLabelSelector }),
        onRestart: () => (namespaces.length = 0),
      },
      (item) => {
        const view = toNamespaceView(item, filter);
        if (!opts.isNamespaceSelected(view.name)) return;
        namespaces.push(view);
        onSelected?.(view.name);
      },
    );
    namespaces.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { namespaces, requests: result.requests, isFallback: false };
  } catch (error) {
    if (error instanceof KubeError && error.status === 403 && opts.includeNames.length > 0) return fetchIncluded(client, opts, error);
    if (error instanceof KubeError && error.status === 403) {
      throw new KubeError(error.message, {
        status: 403,
        hint: `${error.hint ?? ''}; or name the namespaces kai may read with -n/--namespace (namespace-selectors.include)`,
        cause: error,
      });
    }
    throw error;
  }
}
