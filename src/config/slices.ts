/** The slices of Config each module receives (STYLE.md: modules get their slice, not Config). */
import type { ImageRuleOptions, MetadataFilter, MetadataOptions, NamespaceSelectors } from '../inventory/options.ts';
import type { KubeConnectionOptions, KubeRequestOptions } from '../kube/options.ts';
import type { AnchoreOptions, RegistrationOptions } from '../anchore/options.ts';
import type { RoutingInput } from '../inventory/account-routing.ts';
import type { ReportLimits } from '../inventory/batch.ts';
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

export function toAnchoreOptions(config: Config, caCertPem: string | undefined): AnchoreOptions {
  const { url, user, password, account, http } = config.anchore;
  return {
    url,
    user,
    password,
    account,
    insecure: http.insecure,
    timeoutMs: http.timeoutSeconds * 1000,
    ...(caCertPem === undefined ? {} : { caCertPem }),
  };
}

export function toRoutingInput(config: Config): RoutingInput {
  const byLabel = config.accountRouteByNamespaceLabel;
  return {
    routes: config.accountRoutes,
    labelKey: byLabel.key,
    defaultAccount: byLabel.defaultAccount,
    ignoreMissingLabel: byLabel.ignoreMissingLabel,
    defaultAccountFallback: config.anchore.account,
  };
}

export function toReportLimits(config: Config): ReportLimits {
  return {
    namespaces: config.inventoryReportLimits.namespaces,
    payloadThresholdBytes: config.inventoryReportLimits.payloadThresholdBytes,
  };
}

export function toRegistrationOptions(config: Config): RegistrationOptions {
  const r = config.anchoreRegistration;
  return { registrationId: r.registrationId, integrationName: r.integrationName, integrationDescription: r.integrationDescription };
}
