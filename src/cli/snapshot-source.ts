/**
 * Where a one-shot inventory's pods come from: a saved pod list (`--input FILE|-`) or the live
 * cluster. Both give the same ClusterSnapshot, so every output format works on either.
 */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { Config } from '../config/schema.ts';
import { toKubeConnectionOptions, toKubeRequestOptions, toMetadataOptions } from '../config/slices.ts';
import { UsageError } from '../errors.ts';
import { synthesizeNamespaceViews } from '../inventory/images-report.ts';
import type { ClusterSnapshot } from '../inventory/model.ts';
import type { NamespaceMatcher } from '../inventory/namespace-filter.ts';
import { collectCluster, collectSnapshot, type CollectedCluster, type CollectOptions, type PodReducer } from '../kube/collect.ts';
import { createKubeClient, type KubeClient } from '../kube/client.ts';
import { compileMetadataFilter } from '../kube/metadata-filter.ts';
import { parsePodList } from '../kube/parse-pod-list.ts';
import type { Logger } from '../log/logger.ts';
import type { CliIo } from './io.ts';

async function readInput(path: string, io: CliIo): Promise<string> {
  if (path === '-') return text(io.stdin);
  try {
    return await readFile(path, 'utf8');
  } catch (error: unknown) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new UsageError(`cannot read --input file "${path}" (${reason})`, {
      hint: 'Pass a file saved with "kubectl get pods -A -o json", or "-" to read it from stdin',
    });
  }
}

/** A snapshot from a saved pod list: no cluster, so no nodes and no server version. */
export async function readSnapshotFromInput(config: Config, io: CliIo): Promise<ClusterSnapshot> {
  const pods = parsePodList(await readInput(config.input, io), compileMetadataFilter(config.metadataCollection.pods));
  return {
    clusterName: config.kubeconfig.cluster,
    serverVersion: null,
    namespaces: synthesizeNamespaceViews(pods),
    nodes: [],
    pods,
  };
}

export interface ClusterSourceDeps {
  readonly io: CliIo;
  readonly log: Logger;
  readonly matcher: NamespaceMatcher;
}

function collectOptions(config: Config, deps: ClusterSourceDeps): CollectOptions {
  return {
    request: toKubeRequestOptions(config),
    isNamespaceSelected: (name) => deps.matcher.isSelected(name),
    includeNames: deps.matcher.include,
    ignoreEmpty: config.namespaceSelectors.ignoreEmpty,
    metadata: toMetadataOptions(config),
    labelSelector: config.podLabelSelector,
    namespaceLabelSelector: config.namespaceSelectors.labelSelector,
    log: deps.log.child({ module: 'kube' }),
    signal: deps.io.signal,
  };
}

/** Runs `collect` with a client for the kubeconfig or explicit connection in `config`, then closes it. */
async function withClient<T>(config: Config, deps: ClusterSourceDeps, collect: (client: KubeClient, opts: CollectOptions) => Promise<T>): Promise<T> {
  const client = await createKubeClient(toKubeConnectionOptions(config), {
    log: deps.log.child({ module: 'kube' }),
    env: deps.io.env,
    homeDir: deps.io.homeDir,
  });
  try {
    return await collect(client, collectOptions(config, deps));
  } finally {
    await client.close();
  }
}

/** A snapshot of the live cluster (every pod view: the inventory shape needs them). */
export function collectFromCluster(config: Config, deps: ClusterSourceDeps): Promise<ClusterSnapshot> {
  return withClient(config, deps, collectSnapshot);
}

/**
 * The live cluster reduced namespace by namespace as its pods arrive: only what `reducer` keeps
 * is held, not the pods (the images-by-namespace formats keep unique images).
 */
export function collectReducedFromCluster<R>(config: Config, deps: ClusterSourceDeps, reducer: PodReducer<R>): Promise<CollectedCluster<R>> {
  // Image records read no pod labels or annotations: skip copying them out of every pod.
  const noPodMetadata = { includeAnnotations: [], includeLabels: [], disable: true };
  return withClient(config, deps, (client, opts) => collectCluster(client, { ...opts, metadata: { ...opts.metadata, pods: noPodMetadata } }, reducer));
}
