/**
 * Where the Anchore reporter's inventories come from: one Kubernetes client kept for the life of
 * the process (one keep-alive connection pool), or a saved pod list. Each collect() returns the
 * Anchore inventory shape and the namespaces' labels for label routing.
 */
import type { CollectResult } from '../agent/deliver.ts';
import type { Config } from '../config/schema.ts';
import { toImageRuleOptions, toKubeConnectionOptions, toKubeRequestOptions, toMetadataOptions } from '../config/slices.ts';
import { UsageError } from '../errors.ts';
import { extractImages } from '../inventory/containers.ts';
import { buildInventoryReport } from '../inventory/inventory-report.ts';
import type { ClusterSnapshot } from '../inventory/model.ts';
import type { MetadataOptions } from '../inventory/options.ts';
import { createKubeClient, type KubeClient, type RequestEvent } from '../kube/client.ts';
import { createClusterCache } from '../kube/cluster-cache.ts';
import { collectSnapshot, type CollectOptions } from '../kube/collect.ts';
import type { NamespaceMatcher } from '../inventory/namespace-filter.ts';
import { compileMatcher, selectSnapshot } from './inventory-command.ts';
import type { CliIo } from './io.ts';
import type { Session } from './session.ts';
import { readSnapshotFromInput } from './snapshot-source.ts';

export interface InventorySource {
  collect(signal: AbortSignal): Promise<CollectResult>;
  /** GET a Kubernetes path (registration reads the agent's own pod, ReplicaSet and Deployment). */
  readJson(path: string, signal: AbortSignal): Promise<unknown>;
  close(): Promise<void>;
}

export interface SourceOptions {
  /** Periodic mode: the source lives across cycles. */
  readonly isCached: boolean;
  readonly onRequest?: (event: RequestEvent) => void;
}

/**
 * Label routing needs every label of a namespace, whatever metadata-collection keeps in the report:
 * namespaces are collected with all their labels, and the report applies the filter.
 */
function collectionMetadata(config: Config): MetadataOptions {
  const metadata = toMetadataOptions(config);
  if (config.accountRouteByNamespaceLabel.key === '') return metadata;
  return { ...metadata, namespaces: { includeAnnotations: [], includeLabels: [], disable: false } };
}

export function toCollectResult(snapshot: ClusterSnapshot, config: Config, timestamp: string): CollectResult {
  const records = extractImages(snapshot.pods, toImageRuleOptions(config));
  const report = buildInventoryReport({ snapshot, records, timestamp, metadata: toMetadataOptions(config) });
  return { report, namespaceLabels: Object.fromEntries(snapshot.namespaces.map((ns) => [ns.name, ns.labels])) };
}

function fromInput(session: Session, io: CliIo): InventorySource {
  return {
    async collect() {
      const snapshot = await readSnapshotFromInput(session.config, io);
      const { config } = session;
      const selected = selectSnapshot(snapshot, compileMatcher(config), config.namespaceSelectors.ignoreEmpty);
      return toCollectResult(selected, config, new Date().toISOString());
    },
    readJson(path) {
      return Promise.reject(new UsageError(`cannot read ${path}: kai runs on a saved pod list (--input), not a cluster`));
    },
    close: () => Promise.resolve(),
  };
}

function collectOptions(session: Session, matcher: NamespaceMatcher): Omit<CollectOptions, 'signal'> {
  const { config, log } = session;
  return {
    request: toKubeRequestOptions(config),
    isNamespaceSelected: (name) => matcher.isSelected(name),
    includeNames: matcher.include,
    ignoreEmpty: config.namespaceSelectors.ignoreEmpty,
    metadata: collectionMetadata(config),
    labelSelector: config.podLabelSelector,
    namespaceLabelSelector: config.namespaceSelectors.labelSelector,
    log: log.child({ module: 'kube' }),
  };
}

/**
 * Adhoc: one collection. Periodic: watch caches for namespaces, pods and nodes, started on the
 * first cycle, so a steady-state cycle costs a request or two instead of a full re-list (the cache
 * falls back to full collections when RBAC forbids cluster-wide watches).
 */
function fromCluster(session: Session, client: KubeClient, isCached: boolean): InventorySource {
  const { config } = session;
  const matcher = compileMatcher(config);
  const options = collectOptions(session, matcher);
  const cache = isCached ? createClusterCache(client, options) : undefined;
  let isStarted = false;
  const snapshotOf = async (signal: AbortSignal): Promise<ClusterSnapshot> => {
    if (cache === undefined) return collectSnapshot(client, { ...options, signal });
    if (!isStarted) {
      await cache.start(signal);
      isStarted = true;
    }
    return cache.snapshot(signal);
  };
  return {
    async collect(signal) {
      const snapshot = await snapshotOf(signal);
      return toCollectResult(selectSnapshot(snapshot, matcher, config.namespaceSelectors.ignoreEmpty), config, new Date().toISOString());
    },
    readJson: (path, signal) => client.getJson(path, signal),
    async close() {
      await cache?.stop();
      await client.close();
    },
  };
}

/** `verbose-inventory-reports`: log every inventory before it is sent, as the Go agent does. */
function withReportLogging(source: InventorySource, session: Session): InventorySource {
  if (!session.config.verboseInventoryReports) return source;
  return {
    ...source,
    async collect(signal) {
      const result = await source.collect(signal);
      session.log.info({ report: result.report }, 'inventory report');
      return result;
    },
  };
}

export async function createInventorySource(session: Session, io: CliIo, options: SourceOptions): Promise<InventorySource> {
  return withReportLogging(await openSource(session, io, options), session);
}

async function openSource(session: Session, io: CliIo, options: SourceOptions): Promise<InventorySource> {
  const { config, log } = session;
  if (config.input !== '') return fromInput(session, io);
  const client = await createKubeClient(toKubeConnectionOptions(config), {
    log: log.child({ module: 'kube' }),
    env: io.env,
    homeDir: io.homeDir,
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
  });
  return fromCluster(session, client, options.isCached);
}
