/**
 * The default command in adhoc mode: one inventory of one or several clusters, printed to stdout.
 * stdout holds either a complete report or nothing.
 */
import type { Config } from '../config/schema.ts';
import { toImageRuleOptions, toMetadataOptions, toNamespaceSelectors } from '../config/slices.ts';
import { ConfigError } from '../errors.ts';
import { extractImages, type ImageRecord } from '../inventory/containers.ts';
import type { CollectedCluster } from '../kube/collect.ts';
import type { ClusterSnapshot } from '../inventory/model.ts';
import { compileNamespaceSelectors, type NamespaceMatcher } from '../inventory/namespace-filter.ts';
import { collectClusters, summarizeFailures, type ClusterCollector, type ClusterOutcome, type ClusterSelection } from './clusters.ts';
import { limitHeapGrowth } from './heap-growth.ts';
import { recordsReducer, uniqueImagesReducer } from './image-reducers.ts';
import { formatError } from './format-error.ts';
import { writeText, type CliIo } from './io.ts';
import { renderOutputChunks, type ClusterInventory } from './render-output.ts';
import type { Session } from './session.ts';
import { collectFromCluster, collectReducedFromCluster } from './snapshot-source.ts';
import { sleep } from '../agent/sleep.ts';

export function compileMatcher(config: Config): NamespaceMatcher {
  const compiled = compileNamespaceSelectors(toNamespaceSelectors(config));
  if ('problems' in compiled) throw new ConfigError(compiled.problems);
  return compiled.matcher;
}

/** Applies the namespace rules to a snapshot, so `--input` and the cluster path agree exactly. */
export function selectSnapshot(snapshot: ClusterSnapshot, matcher: NamespaceMatcher, ignoreEmpty: boolean): ClusterSnapshot {
  const withPods = new Set(snapshot.pods.map((pod) => pod.namespace));
  const keep = new Set(
    snapshot.namespaces.map((ns) => ns.name).filter((name) => matcher.isSelected(name) && (!ignoreEmpty || withPods.has(name))),
  );
  return {
    ...snapshot,
    namespaces: snapshot.namespaces.filter((ns) => keep.has(ns.name)),
    pods: snapshot.pods.filter((pod) => keep.has(pod.namespace)),
  };
}

/** Snapshot → the records and namespaces every renderer needs. */
export function toClusterInventory(snapshot: ClusterSnapshot, config: Config, timestamp: string): ClusterInventory {
  return { ...fromSnapshot(snapshot, config), timestamp };
}

type CollectedInventory = Omit<ClusterInventory, 'timestamp'>;

function fromSnapshot(snapshot: ClusterSnapshot, config: Config): CollectedInventory {
  return {
    snapshot,
    podCount: snapshot.pods.length,
    records: extractImages(snapshot.pods, toImageRuleOptions(config)),
    namespaces: snapshot.namespaces.map((ns) => ns.name),
  };
}

function fromReduced(collected: CollectedCluster<ImageRecord[]>): CollectedInventory {
  const { clusterName, serverVersion, nodes } = collected;
  const namespaces = collected.namespaces.map((ns) => ns.namespace);
  return {
    snapshot: { clusterName, serverVersion, namespaces, nodes, pods: [] },
    podCount: collected.namespaces.reduce((sum, ns) => sum + ns.pods, 0),
    records: collected.namespaces.flatMap((ns) => ns.result),
    namespaces: namespaces.map((ns) => ns.name),
  };
}

/**
 * What a run keeps of each cluster: 'pods' (the inventory shape needs pod views), 'records' (every
 * container, for `kai images`), or 'unique-images' (the images-by-namespace formats).
 */
export type InventoryNeed = 'pods' | 'records' | 'unique-images';

function inventoryCollector(config: Config, matcher: NamespaceMatcher, need: InventoryNeed): ClusterCollector<CollectedInventory> {
  const { ignoreEmpty } = config.namespaceSelectors;
  const fromSelected = (snapshot: ClusterSnapshot): CollectedInventory => fromSnapshot(selectSnapshot(snapshot, matcher, ignoreEmpty), config);
  const rules = toImageRuleOptions(config);
  const reducer = need === 'records' ? recordsReducer(rules) : uniqueImagesReducer(rules);
  return {
    fromSnapshot: fromSelected,
    fromCluster:
      need === 'pods'
        ? async (cfg, deps) => fromSelected(await collectFromCluster(cfg, deps))
        : async (cfg, deps) => fromReduced(await collectReducedFromCluster(cfg, deps, reducer)),
  };
}

export interface InventoryRun {
  readonly clusters: ClusterInventory[];
  readonly outcomes: ClusterOutcome<unknown>[];
}

/** Collects every selected cluster and applies the rules, keeping every container's record (`kai images`). */
export function inventoryClusters(session: Session, io: CliIo, selection: ClusterSelection): Promise<InventoryRun> {
  return inventoryClustersFor(session, io, { selection, need: 'records' });
}

/** Collects every selected cluster and applies the rules; failed clusters are in `outcomes`. */
export async function inventoryClustersFor(session: Session, io: CliIo, args: { selection: ClusterSelection; need: InventoryNeed }): Promise<InventoryRun> {
  const { config } = session;
  const { selection, need } = args;
  const matcher = compileMatcher(config);
  const outcomes = await collectClusters(session, io, { selection, matcher, collector: inventoryCollector(config, matcher, need) });
  const timestamp = new Date().toISOString();
  const clusters = outcomes.flatMap((o) => ('snapshot' in o ? [{ ...o.snapshot, timestamp }] : []));
  for (const outcome of outcomes) {
    if ('error' in outcome) io.stderr.write(`[context ${outcome.context}] ${formatError(outcome.error, { showStack: false }).text}`);
  }
  return { clusters, outcomes };
}

/** Bytes gathered before each write of a report produced in pieces. */
const WRITE_CHUNK_CHARS = 1 << 20;

async function writeChunks(io: CliIo, chunks: Iterable<string>): Promise<void> {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length < WRITE_CHUNK_CHARS) continue;
    await writeText(io.stdout, pending);
    pending = '';
  }
  if (pending !== '') await writeText(io.stdout, pending);
}

/**
 * Writes the report (a string, or pieces written as they are produced), then fails if any cluster
 * did (the others are still printed).
 */
export async function printAndSettle(io: CliIo, output: string | Iterable<string>, outcomes: readonly ClusterOutcome<unknown>[]): Promise<void> {
  // Nothing reaches stdout when the run was interrupted: the report is complete or absent (once
  // writing has started, it finishes).
  io.signal.throwIfAborted();
  await writeChunks(io, typeof output === 'string' ? [output] : output);
  const failure = summarizeFailures(outcomes);
  if (failure !== undefined) throw failure;
}

export async function runInventoryOnce(session: Session, io: CliIo, selection: ClusterSelection): Promise<void> {
  const { config, log } = session;
  const started = performance.now();
  limitHeapGrowth();
  const need = config.output === 'inventory' ? 'pods' : 'unique-images';
  const { clusters, outcomes } = await inventoryClustersFor(session, io, { selection, need });
  const output = renderOutputChunks(config.output, clusters, toMetadataOptions(config));
  await printAndSettle(io, output, outcomes);
  for (const cluster of clusters) {
    log.info(
      {
        cluster: cluster.snapshot.clusterName,
        namespaces: cluster.namespaces.length,
        pods: cluster.podCount,
        images: new Set(cluster.records.map((r) => `${r.tag}@${r.digest}`)).size,
        ms: Math.round(performance.now() - started),
      },
      'inventory complete',
    );
  }
}

/**
 * Periodic mode without anchore.url (as the Go agent): print a fresh report every polling interval
 * until SIGTERM/SIGINT, then exit 0. A failed cycle is logged and the next one tries again.
 */
export async function printPeriodically(session: Session, io: CliIo, selection: ClusterSelection): Promise<void> {
  const intervalMs = session.config.pollingIntervalSeconds * 1000;
  const isStopped = (): boolean => io.signal.aborted;
  while (!isStopped()) {
    const started = performance.now();
    try {
      await runInventoryOnce(session, io, selection);
    } catch (error: unknown) {
      if (isStopped()) break;
      session.log.error({ error: formatError(error, { showStack: false }).text.trim() }, 'inventory cycle failed');
    }
    await sleep(Math.max(0, intervalMs - (performance.now() - started)), io.signal);
  }
}
