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
import { collectSnapshot } from '../kube/collect.ts';
import { createKubeClient } from '../kube/client.ts';
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

/** A snapshot of the live cluster, through the kubeconfig or explicit connection in `config`. */
export async function collectFromCluster(config: Config, deps: ClusterSourceDeps): Promise<ClusterSnapshot> {
  const client = await createKubeClient(toKubeConnectionOptions(config), {
    log: deps.log.child({ module: 'kube' }),
    env: deps.io.env,
    homeDir: deps.io.homeDir,
  });
  try {
    return await collectSnapshot(client, {
      request: toKubeRequestOptions(config),
      isNamespaceSelected: (name) => deps.matcher.isSelected(name),
      includeNames: deps.matcher.include,
      ignoreEmpty: config.namespaceSelectors.ignoreEmpty,
      metadata: toMetadataOptions(config),
      labelSelector: config.podLabelSelector,
      namespaceLabelSelector: config.namespaceSelectors.labelSelector,
      log: deps.log.child({ module: 'kube' }),
      signal: deps.io.signal,
    });
  } finally {
    await client.close();
  }
}
