/**
 * One inventory over one or several clusters. Several contexts (`--context a --context b`,
 * `--all-contexts`) are collected concurrently, a few at a time; one failing cluster does not hide
 * the others: its error is kept and reported, and the exit code says that something failed.
 */
import pLimit from 'p-limit';
import type { Config } from '../config/schema.ts';
import { toKubeConnectionOptions } from '../config/slices.ts';
import { AppError } from '../errors.ts';
import type { ClusterSnapshot } from '../inventory/model.ts';
import type { NamespaceMatcher } from '../inventory/namespace-filter.ts';
import { listContextNames } from '../kube/contexts.ts';
import type { CliIo } from './io.ts';
import type { Session } from './session.ts';
import { readSnapshotFromInput, type ClusterSourceDeps } from './snapshot-source.ts';

/** Clusters inventoried at the same time: enough to hide latency, few enough to stay gentle. */
const CLUSTER_CONCURRENCY = 4;

export interface ClusterSelection {
  /** Contexts named with repeated --context; empty = the one context of the config. */
  readonly contexts: readonly string[];
  readonly allContexts: boolean;
}

/** One cluster's result (`snapshot`: what the collector made of it) or its error. */
export type ClusterOutcome<T = ClusterSnapshot> =
  | { readonly context: string; readonly snapshot: T }
  | { readonly context: string; readonly error: AppError };

/** What to make of each cluster: from the live cluster, or from the `--input` file's snapshot. */
export interface ClusterCollector<T> {
  fromCluster(config: Config, deps: ClusterSourceDeps): Promise<T>;
  fromSnapshot(snapshot: ClusterSnapshot): T;
}

function withContext(config: Config, context: string): Config {
  return { ...config, kubeconfig: { ...config.kubeconfig, context } };
}

function contextsOf(session: Session, io: CliIo, selection: ClusterSelection): readonly string[] {
  if (!selection.allContexts) return selection.contexts;
  return listContextNames(toKubeConnectionOptions(session.config), { env: io.env, homeDir: io.homeDir });
}

interface CollectInput<T> {
  readonly selection: ClusterSelection;
  readonly matcher: NamespaceMatcher;
  readonly collector: ClusterCollector<T>;
}

async function collectOne<T>(session: Session, io: CliIo, input: Omit<CollectInput<T>, 'selection'> & { context: string }): Promise<ClusterOutcome<T>> {
  const log = session.log.child({ context: input.context });
  try {
    const snapshot = await input.collector.fromCluster(withContext(session.config, input.context), { io, log, matcher: input.matcher });
    return { context: input.context, snapshot };
  } catch (error: unknown) {
    if (!(error instanceof AppError) || io.signal.aborted) throw error;
    return { context: input.context, error };
  }
}

/** Snapshots of every selected cluster, in the order the contexts were given. */
export async function collectClusters<T>(session: Session, io: CliIo, input: CollectInput<T>): Promise<ClusterOutcome<T>[]> {
  const { config } = session;
  const { collector, matcher } = input;
  if (config.input !== '') return [{ context: '', snapshot: collector.fromSnapshot(await readSnapshotFromInput(config, io)) }];
  const contexts = contextsOf(session, io, input.selection);
  if (contexts.length <= 1) {
    const context = contexts[0] ?? config.kubeconfig.context;
    const snapshot = await collector.fromCluster(withContext(config, context), { io, log: session.log, matcher });
    return [{ context, snapshot }];
  }
  const limit = pLimit(CLUSTER_CONCURRENCY);
  return Promise.all(contexts.map((context) => limit(() => collectOne(session, io, { context, matcher, collector }))));
}

/**
 * One summary error for a multi-cluster run in which some clusters failed: it carries the exit
 * code of the first failure (in context order), so a forbidden cluster still exits 3.
 */
export function summarizeFailures(outcomes: readonly ClusterOutcome<unknown>[]): AppError | undefined {
  const failures = outcomes.flatMap((o) => ('error' in o ? [{ context: o.context, error: o.error }] : []));
  const first = failures[0];
  if (first === undefined) return undefined;
  const names = failures.map((f) => f.context).join(', ');
  return new AppError(`${failures.length} of ${outcomes.length} clusters failed (${names}); the report holds the others`, first.error.exitCode, {
    hint: 'see the error line of each failed context above',
  });
}
