/** The slices of Config each module receives (STYLE.md: modules get their slice, not Config). */
import type { ImageRuleOptions, MetadataFilter, MetadataOptions, NamespaceSelectors } from '../inventory/options.ts';
import type { KubeConnectionOptions, KubeRequestOptions } from '../kube/options.ts';
import type { Config } from './schema.ts';

export function toImageRuleOptions(config: Config): ImageRuleOptions {
  return {
    missingTag: { policy: config.missingTagPolicy.policy, tag: config.missingTagPolicy.tag },
    missingRegistryOverride: config.missingRegistryOverride,
    ignoreNotRunning: config.ignoreNotRunning,
    includeEphemeral: config.includeEphemeral,
  };
}

export function toNamespaceSelectors(config: Config): NamespaceSelectors {
  const { include, exclude, ignoreEmpty } = config.namespaceSelectors;
  return { include, exclude, ignoreEmpty };
}

function toMetadataFilter(filter: Config['metadataCollection']['pods']): MetadataFilter {
  return { includeAnnotations: filter.includeAnnotations, includeLabels: filter.includeLabels, disable: filter.disable };
}

export function toMetadataOptions(config: Config): MetadataOptions {
  const { nodes, namespaces, pods } = config.metadataCollection;
  return { nodes: toMetadataFilter(nodes), namespaces: toMetadataFilter(namespaces), pods: toMetadataFilter(pods) };
}

export function toKubeConnectionOptions(config: Config): KubeConnectionOptions {
  const { path, context, cluster, clusterCert, server, user } = config.kubeconfig;
  return {
    path,
    context,
    cluster,
    clusterCert,
    server,
    user: { type: user.type, clientCert: user.clientCert, privateKey: user.privateKey, token: user.token },
  };
}

export function toKubeRequestOptions(config: Config): KubeRequestOptions {
  const { requestTimeoutSeconds, requestBatchSize, workerPoolSize } = config.kubernetes;
  return { requestTimeoutMs: requestTimeoutSeconds * 1000, batchSize: requestBatchSize, workerPoolSize };
}
