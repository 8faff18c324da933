/**
 * The default command in adhoc mode: one inventory of one or several clusters, printed to stdout.
 * stdout holds either a complete report or nothing.
 */
import type { Config } from '../config/schema.ts';
import { toImageRuleOptions, toMetadataOptions, toNamespaceSelectors } from '../config/slices.ts';
import { ConfigError } from '../errors.ts';
import { extractImages } from '../inventory/containers.ts';
import type { ClusterSnapshot } from '../inventory/model.ts';
import { compileNamespaceSelectors, type NamespaceMatcher } from '../inventory/namespace-filter.ts';
import { collectClusters, summarizeFailures, type ClusterOutcome, type ClusterSelection } from './clusters.ts';
import { formatError } from './format-error.ts';
import { writeText, type CliIo } from './io.ts';
import { renderOutput, type ClusterInventory } from './render-output.ts';
import type { Session } from './session.ts';
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
  return {
    snapshot,
    records: extractImages(snapshot.pods, toImageRuleOptions(config)),
    namespaces: snapshot.namespaces.map((ns) => ns.name),
    timestamp,
  };
}

export interface InventoryRun {
  readonly clusters: ClusterInventory[];
  readonly outcomes: ClusterOutcome[];
}

/** Collects every selected cluster and applies the rules; failed clusters are in `outcomes`. */
export async function inventoryClusters(session: Session, io: CliIo, selection: ClusterSelection): Promise<InventoryRun> {
  const { config } = session;
  const matcher = compileMatcher(config);
  const outcomes = await collectClusters(session, io, { selection, matcher });
  const timestamp = new Date().toISOString();
  const clusters = outcomes.flatMap((o) =>
    'snapshot' in o ? [toClusterInventory(selectSnapshot(o.snapshot, matcher, config.namespaceSelectors.ignoreEmpty), config, timestamp)] : [],
  );
  for (const outcome of outcomes) {
    if ('error' in outcome) io.stderr.write(`[context ${outcome.context}] ${formatError(outcome.error, { showStack: false }).text}`);
  }
  return { clusters, outcomes };
}

/** Writes the report, then fails if any cluster did (the others are still printed). */
export async function printAndSettle(io: CliIo, output: string, outcomes: readonly ClusterOutcome[]): Promise<void> {
  // Nothing reaches stdout when the run was interrupted: the report is complete or absent.
  io.signal.throwIfAborted();
  await writeText(io.stdout, output);
  const failure = summarizeFailures(outcomes);
  if (failure !== undefined) throw failure;
}

export async function runInventoryOnce(session: Session, io: CliIo, selection: ClusterSelection): Promise<void> {
  const { config, log } = session;
  const started = performance.now();
  const { clusters, outcomes } = await inventoryClusters(session, io, selection);
  const output = renderOutput(config.output, clusters, toMetadataOptions(config));
  await printAndSettle(io, output, outcomes);
  for (const cluster of clusters) {
    log.info(
      {
        cluster: cluster.snapshot.clusterName,
        namespaces: cluster.namespaces.length,
        pods: cluster.snapshot.pods.length,
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
