/**
 * The default command in adhoc mode: one inventory, printed to stdout (or posted to Anchore when
 * `anchore.url` is set). stdout holds either the complete report or nothing.
 */
import type { Config } from '../config/schema.ts';
import { toImageRuleOptions, toNamespaceSelectors } from '../config/slices.ts';
import { ConfigError } from '../errors.ts';
import { extractImages } from '../inventory/containers.ts';
import type { ClusterSnapshot } from '../inventory/model.ts';
import { compileNamespaceSelectors, type NamespaceMatcher } from '../inventory/namespace-filter.ts';
import { writeText, type CliIo } from './io.ts';
import { renderOutput } from './render-output.ts';
import type { Session } from './session.ts';
import { collectFromCluster, readSnapshotFromInput } from './snapshot-source.ts';

export function compileMatcher(config: Config): NamespaceMatcher {
  const compiled = compileNamespaceSelectors(toNamespaceSelectors(config));
  if ('problems' in compiled) throw new ConfigError(compiled.problems);
  return compiled.matcher;
}

/** The namespaces a report lists: selected ones, minus empty ones when ignore-empty is set. */
export function selectedNamespaces(snapshot: ClusterSnapshot, matcher: NamespaceMatcher, ignoreEmpty: boolean): string[] {
  const withPods = new Set(snapshot.pods.map((pod) => pod.namespace));
  return snapshot.namespaces
    .map((ns) => ns.name)
    .filter((name) => matcher.isSelected(name) && (!ignoreEmpty || withPods.has(name)));
}

/** Applies the namespace rules to a snapshot, so `--input` and the cluster path agree exactly. */
export function selectSnapshot(snapshot: ClusterSnapshot, matcher: NamespaceMatcher, ignoreEmpty: boolean): ClusterSnapshot {
  const keep = new Set(selectedNamespaces(snapshot, matcher, ignoreEmpty));
  return {
    ...snapshot,
    namespaces: snapshot.namespaces.filter((ns) => keep.has(ns.name)),
    pods: snapshot.pods.filter((pod) => keep.has(pod.namespace)),
  };
}

export async function takeSnapshot(session: Session, io: CliIo): Promise<ClusterSnapshot> {
  const { config, log } = session;
  const matcher = compileMatcher(config);
  const raw = config.input === '' ? await collectFromCluster(config, { io, log, matcher }) : await readSnapshotFromInput(config, io);
  return selectSnapshot(raw, matcher, config.namespaceSelectors.ignoreEmpty);
}

export async function runInventoryOnce(session: Session, io: CliIo, now: () => Date): Promise<number> {
  const { config, log } = session;
  const started = now();
  const snapshot = await takeSnapshot(session, io);
  const records = extractImages(snapshot.pods, toImageRuleOptions(config));
  const timestamp = now().toISOString();
  const namespaces = snapshot.namespaces.map((ns) => ns.name);
  const output = renderOutput(config.output, { snapshot, records, namespaces, timestamp, config });
  // Nothing reaches stdout when the run was interrupted: the report is complete or absent.
  io.signal.throwIfAborted();
  await writeText(io.stdout, output);
  log.info(
    {
      namespaces: namespaces.length,
      pods: snapshot.pods.length,
      images: new Set(records.map((r) => `${r.tag}@${r.digest}`)).size,
      ms: now().getTime() - started.getTime(),
    },
    'inventory complete',
  );
  return 0;
}
